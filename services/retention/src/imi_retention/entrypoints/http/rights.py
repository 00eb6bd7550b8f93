"""`/retention/subject-requests` and `/retention/cases/...`: data-subject rights (§8.3) and
locked data as evidence (RET-016, RET-017, RET-024, RET-025). Thin: input → handler; every
body bounded; errors are the kernel's ErrorBody (404 for absent or not yours, X-010)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, status
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from imi_shared.auth import CurrentPrincipal
from imi_shared.clock import now_utc
from imi_shared.runtime import service_context

from ...context import RetentionContext
from ...domain.rights import DataSubjectRequest
from ...handlers import evidence, rights

router = APIRouter(prefix="/retention", tags=["data-subject rights"])
Context = Annotated[RetentionContext, Depends(service_context)]
CaseType = Literal["request", "alert"]
Id = Annotated[str, Path(min_length=1, max_length=100)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FileRequest(Body):
    type: Literal["access", "rectification", "erasure", "early_deletion"]
    received_at: AwareDatetime = Field(description="RET-020: when the authority received it")
    legal_basis: str = Field(default="", max_length=500, description="RET-015")
    consent: bool = Field(default=False, description="RET-015: the data subject consented")


class Decision(Body):
    outcome: Literal["done", "rejected"]
    note: str = Field(default="", max_length=2000)


class SubjectRequestView(BaseModel):
    id: str = Field(max_length=100)
    type: str = Field(max_length=20)
    case_type: str = Field(max_length=20)
    case_id: str = Field(max_length=100)
    receiving_authority_id: str = Field(max_length=100)
    route: str = Field(max_length=20)
    received_at: datetime
    due_at: datetime | None
    status: str = Field(max_length=30)
    must_act: str = Field(max_length=40)
    overdue: bool
    decision_note: str = Field(max_length=2000)
    legal_basis: str = Field(max_length=500)
    consent: bool

    @classmethod
    def of(cls, q: DataSubjectRequest, now: datetime) -> SubjectRequestView:
        fields = {k: v for k, v in asdict(q).items() if k in cls.model_fields}
        return cls(**fields, overdue=q.overdue(now))


class SubjectRequestList(BaseModel):
    items: list[SubjectRequestView] = Field(max_length=200)


def _view(ctx: RetentionContext, q: DataSubjectRequest) -> SubjectRequestView:
    return SubjectRequestView.of(q, now_utc(ctx.clock))


@router.post("/cases/{case_type}/{case_id}/subject-requests", status_code=status.HTTP_201_CREATED)
async def file_request(
    case_type: CaseType, case_id: Id, body: FileRequest, principal: CurrentPrincipal, ctx: Context
):
    """RET-020, RET-027: filed by the receiving authority; route and due date set here."""
    q = await rights.file_request(
        ctx,
        principal,
        kind=body.type,
        case_type=case_type,
        case_id=case_id,
        received_at=body.received_at,
        legal_basis=body.legal_basis,
        consent=body.consent,
    )
    return _view(ctx, q)


@router.get("/subject-requests")
async def list_requests(
    principal: CurrentPrincipal, ctx: Context, overdue: Annotated[bool, Query()] = False
) -> SubjectRequestList:
    """RET-030, RET-033: the caller's authority's requests (all, for the helpdesk)."""
    found = await rights.list_requests(ctx, principal, overdue_only=overdue)
    return SubjectRequestList(items=[_view(ctx, q) for q in found])


@router.get("/subject-requests/{request_id}")
async def get_request(request_id: Id, principal: CurrentPrincipal, ctx: Context):
    return _view(ctx, await rights.get_request(ctx, principal, request_id))


@router.post("/subject-requests/{request_id}/forward")
async def forward(request_id: Id, principal: CurrentPrincipal, ctx: Context):
    """RET-020, RET-022: to the helpdesk; the due date stays."""
    return _view(ctx, await rights.forward(ctx, principal, request_id))


@router.post("/subject-requests/{request_id}/decision")
async def decide(request_id: Id, body: Decision, principal: CurrentPrincipal, ctx: Context):
    q = await rights.decide(ctx, principal, request_id, body.outcome, body.note)
    return _view(ctx, q)


@router.post("/subject-requests/{request_id}/early-deletion")
async def early_deletion(request_id: Id, principal: CurrentPrincipal, ctx: Context):
    """RET-015: the helpdesk deletes the case's PD now (case.pd_deleted, key shredded)."""
    return _view(ctx, await rights.carry_out_early_deletion(ctx, principal, request_id))


class AccessReportView(BaseModel):
    allowed: bool
    by: str = Field(max_length=40)
    lock_at: datetime | None


@router.get("/cases/{case_type}/{case_id}/access-report")
async def access_report(
    case_type: CaseType, case_id: Id, principal: CurrentPrincipal, ctx: Context
) -> AccessReportView:
    """RET-019: may the caller produce the data_subject_report now (until the lock date)?"""
    return AccessReportView(
        **asdict(await evidence.access_report(ctx, principal, case_type, case_id))
    )


class Contest(Body):
    field: str = Field(min_length=1, max_length=100)
    statement: str = Field(min_length=1, max_length=2000)
    corrected_value: str = Field(max_length=2000)
    subject_request_id: str | None = Field(default=None, max_length=100)


class ContestView(Contest):
    model_config = ConfigDict(extra="ignore")
    id: str = Field(max_length=100)
    recorded_by: str = Field(max_length=100)
    recorded_at: datetime


@router.post("/cases/{case_type}/{case_id}/contests", status_code=status.HTTP_201_CREATED)
async def contest(
    case_type: CaseType, case_id: Id, body: Contest, principal: CurrentPrincipal, ctx: Context
) -> ContestView:
    """RET-024: the helpdesk records a contestation and a corrected version of locked data."""
    entry = await evidence.contest(ctx, principal, case_type, case_id, **body.model_dump())
    return ContestView(**asdict(entry))


class Extraction(Body):
    reason: Literal["proof_of_exchange_with_consent", "public_interest"]
    requesting_authority_id: str | None = Field(default=None, max_length=100)
    consent: bool = False


class ExtractionView(BaseModel):
    id: str = Field(max_length=100)
    case_type: str = Field(max_length=20)
    case_id: str = Field(max_length=100)
    service: str = Field(max_length=20, description="the service that hands the data over")
    reason: str = Field(max_length=40)
    requesting_authority_id: str | None = Field(max_length=100)
    helpdesk_user_id: str = Field(max_length=100)
    at: datetime


@router.post("/cases/{case_type}/{case_id}/extractions", status_code=status.HTTP_201_CREATED)
async def extract(
    case_type: CaseType, case_id: Id, body: Extraction, principal: CurrentPrincipal, ctx: Context
) -> ExtractionView:
    """RET-016, RET-017: only the helpdesk, only locked and not yet deleted data; logged."""
    entry = await evidence.extract(ctx, principal, case_type, case_id, **body.model_dump())
    return ExtractionView(**asdict(entry))


class SolvitConsent(Body):
    given_at: AwareDatetime
    form_ref: str = Field(min_length=1, max_length=100)


@router.post("/cases/request/{case_id}/solvit-consent", status_code=status.HTTP_201_CREATED)
async def solvit_consent(
    case_id: Id, body: SolvitConsent, principal: CurrentPrincipal, ctx: Context
) -> dict[str, str]:
    """RET-025: the consent given through the SOLVIT online complaint form."""
    kept = await evidence.record_solvit_consent(ctx, principal, case_id, **body.model_dump())
    return {
        "case_id": kept["case_id"],
        "form_ref": kept["form_ref"],
        "given_at": kept["given_at"].isoformat(),
    }
