"""Reports (§4.13): the kinds offered on a request, generating one (certified on demand), the
caller's activity panel and the download of a kept report. Thin."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from pydantic import BaseModel, ConfigDict, Field

from imi_shared.auth import CurrentPrincipal

from ...handlers import reports
from ...reports import GeneratedReport, ReportKind, ReportOrder, Section
from .context import Ctx
from .shaping import actor_of

router = APIRouter(tags=["reports"])
PathId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]


class ReportOrderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: ReportKind
    sections: list[Section] = Field(default=[], max_length=8, description="custom only")
    personal_data: bool = Field(default=False, description="custom only")
    certified: bool = Field(default=False, description="REQ-099: a PAdES-signed PDF")
    language: str = Field(default="en", pattern=r"^[a-z]{2}$")


class ReportRecord(BaseModel):
    report_id: str = Field(max_length=64)
    request_id: str = Field(max_length=64)
    kind: ReportKind
    generated_at: datetime
    expires_at: datetime
    personal_data: bool
    certified: bool
    size: int


class Offered(BaseModel):
    kinds: list[ReportKind] = Field(max_length=5)


class Panel(BaseModel):
    items: list[ReportRecord] = Field(max_length=200)


def _record(r: GeneratedReport) -> ReportRecord:
    return ReportRecord(
        report_id=r.report_id,
        request_id=r.request_id,
        kind=r.kind,
        generated_at=r.generated_at,
        expires_at=r.expires_at,
        personal_data=r.personal_data,
        certified=r.certified,
        size=r.size,
    )


@router.get("/requests/{request_id}/reports")
async def get_offered(request_id: PathId, principal: CurrentPrincipal, ctx: Ctx) -> Offered:
    """REQ-097: the report kinds offered to the caller now (PD kinds only where allowed)."""
    return Offered(kinds=list(await reports.offered(ctx, request_id, actor_of(principal))))


@router.post("/requests/{request_id}/reports", status_code=status.HTTP_201_CREATED)
async def post_report(
    request_id: PathId, body: ReportOrderIn, principal: CurrentPrincipal, ctx: Ctx
) -> ReportRecord:
    """REQ-096 (the five kinds), REQ-097 (who gets PD), REQ-099 (certified): generate and keep
    a report for 30 days (REQ-098)."""
    order = ReportOrder(
        kind=body.kind,
        sections=frozenset(body.sections),
        personal_data=body.personal_data,
        certified=body.certified,
        language=body.language,
    )
    return _record(await reports.generate(ctx, request_id, actor_of(principal), order))


@router.get("/reports")
async def get_panel(principal: CurrentPrincipal, ctx: Ctx) -> Panel:
    """REQ-098: the caller's activity panel: its reports still kept, newest first."""
    found = await reports.activity_panel(ctx, actor_of(principal))
    return Panel(items=[_record(r) for r in found])


@router.get(
    "/reports/{report_id}",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def get_report(report_id: PathId, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    """The PDF of one of the caller's kept reports (REQ-098); gone after its day (REQ-118)."""
    record, pdf = await reports.download(ctx, report_id, actor_of(principal))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="{record.report_id}.pdf"'},
    )
