"""Individual derogations (§4.14): the two question sets offered (REQ-100), the derogation part
of a request (REQ-101, REQ-103, REQ-105), the MSE's measures (REQ-102), the "measures may be
taken from" date (REQ-104) and the Commission's list and contrary decision (REQ-122). Thin."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from imi_shared.auth import CurrentPrincipal
from imi_shared.runtime import service_context

from ...context import RequestsContext
from ...domain import derogations as d
from ...domain.reference import MAX_LENGTH, PATTERN
from ...handlers import commission
from ...handlers import derogations as h
from .requests import relayed
from .schemas import FreeTextIn
from .shaping import actor_of, text

router = APIRouter(tags=["derogations"])
Ctx = Annotated[RequestsContext, Depends(service_context)]
PathId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
StepCode = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.-]+$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DerogationIn(Strict):
    set_code: str = Field(max_length=60, pattern=r"^[A-Z-]+$")
    confirmed: list[StepCode] = Field(default=[], max_length=10, description="checklist steps")
    case_description: FreeTextIn | None = None
    justification: FreeTextIn | None = None
    inadequacy: FreeTextIn | None = Field(default=None, description="notification: REQ-103")
    procedure: d.Procedure | None = Field(default=None, description="notification: REQ-105")
    linked_request_ref: str | None = Field(
        default=None,
        max_length=MAX_LENGTH,
        pattern=PATTERN,
        description="REQ-105: the step-1 request's reference number (ref_no), normal procedure",
    )


class MeasuresIn(Strict):
    measures: d.Measures
    justification: FreeTextIn | None = None


class DecisionIn(Strict):
    text: FreeTextIn


class FreeTextOut(BaseModel):
    text: str = Field(max_length=4000)
    lang: str = Field(max_length=2)


class DerogationOut(BaseModel):
    request: dict[str, str | None] = Field(description="ids, LA, set and status only")
    set_code: str = Field(max_length=60)
    checklist: list[str] = Field(max_length=10)
    confirmed: list[str] = Field(max_length=10)
    case_description: FreeTextOut | None = None
    justification: FreeTextOut | None = None
    inadequacy: FreeTextOut | None = None
    procedure: d.Procedure | None = None
    linked_request_ref: str | None = Field(default=None, max_length=64)
    measures: d.Measures | None = None
    measures_justification: FreeTextOut | None = None
    delivered_at: datetime | None = None
    measures_from: date | None = Field(default=None, description="REQ-104: delivery + 15 days")
    contrary_decision: FreeTextOut | None = Field(default=None, description="REQ-122")


class QuestionSetsOut(BaseModel):
    question_sets: list[str] = Field(max_length=2)
    notice: str = Field(max_length=500)
    checklists: dict[str, list[str]] = Field(max_length=2)


def _free(value) -> FreeTextOut | None:
    return FreeTextOut(text=value.text, lang=value.lang) if value else None


def _out(summary: dict, x: d.Derogation) -> DerogationOut:
    return DerogationOut(
        request=summary,
        set_code=x.set_code,
        checklist=list(d.CHECKLISTS.get(x.set_code, ())),
        confirmed=sorted(x.confirmed),
        case_description=_free(x.case_description),
        justification=_free(x.justification),
        inadequacy=_free(x.inadequacy),
        procedure=x.procedure,
        linked_request_ref=x.linked_request_ref,
        measures=x.measures,
        measures_justification=_free(x.measures_justification),
        delivered_at=x.delivered_at,
        measures_from=x.measures_from,
        contrary_decision=_free(x.decision.text) if x.decision else None,
    )


RELAYED: dict[int | str, dict[str, Any]] = {
    202: {
        "model": DerogationOut,
        "description": "X-001: checked on this deployment's replica and relayed to the one "
        "holding the request (the part as it is here until that one's state comes back)",
    }
}


def _answer(result, shown: DerogationOut) -> DerogationOut:
    if relayed(result):  # applied by the deployment holding the request
        return JSONResponse(shown.model_dump(mode="json"), status_code=202)  # type: ignore[return-value]
    return shown


@router.get("/derogations/question-sets")
async def get_sets(principal: CurrentPrincipal, ctx: Ctx) -> QuestionSetsOut:
    """REQ-100: the two derogation question sets, with the screen text (exceptional)."""
    sets = await h.offered_sets(ctx, actor_of(principal))
    return QuestionSetsOut(
        question_sets=list(sets),
        notice=d.NOTICE,
        checklists={s: list(d.CHECKLISTS[s]) for s in sets},
    )


@router.put("/requests/{request_id}/derogation")
async def put_derogation(
    request_id: PathId, body: DerogationIn, principal: CurrentPrincipal, ctx: Ctx
) -> DerogationOut:
    """REQ-101 / REQ-103 / REQ-105: the checklist, the free texts, the procedure and the
    step-1 reference of a draft (all checked again at sending)."""
    actor = actor_of(principal)
    new = d.Derogation(
        request_id,
        body.set_code,
        frozenset(body.confirmed),
        text(body.case_description),
        text(body.justification),
        text(body.inadequacy),
        body.procedure,
        body.linked_request_ref,
    )
    await h.edit_derogation(ctx, request_id, actor, new)
    return _out(*await h.read_derogation(ctx, request_id, actor))


@router.post("/requests/{request_id}/derogation/measures", responses=RELAYED)
async def post_measures(
    request_id: PathId, body: MeasuresIn, principal: CurrentPrincipal, ctx: Ctx
) -> DerogationOut:
    """REQ-102: the MSE states the measures taken or planned (none: justified)."""
    actor = actor_of(principal)
    command = h.StateMeasures(request_id, body.measures, text(body.justification))
    result = await h.state_measures(ctx, command, actor)
    return _answer(result, _out(*await h.read_derogation(ctx, request_id, actor)))


@router.get("/requests/{request_id}/derogation")
async def get_derogation(
    request_id: PathId, principal: CurrentPrincipal, ctx: Ctx
) -> DerogationOut:
    """REQ-104: with "measures may be taken from" (or the Commission's decision instead)."""
    return _out(*await h.read_derogation(ctx, request_id, actor_of(principal)))


@router.post("/requests/{request_id}/derogation/decision", responses=RELAYED)
async def post_decision(
    request_id: PathId, body: DecisionIn, principal: CurrentPrincipal, ctx: Ctx
) -> DerogationOut:
    """REQ-122: `commission_derogations` records a contrary decision."""
    actor = actor_of(principal)
    command = commission.RecordDecision(request_id, text(body.text))  # type: ignore[arg-type]
    result = await commission.record_decision(ctx, command, actor)
    return _answer(result, _out(*await h.read_derogation(ctx, request_id, actor)))


@router.get("/derogations/notifications")
async def get_notifications(
    principal: CurrentPrincipal,
    ctx: Ctx,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> list[DerogationOut]:
    """REQ-122: the delivered notifications of individual measures (the Commission's)."""
    actor = actor_of(principal)
    found = await commission.delivered_notifications(ctx, actor, limit, offset)
    return [_out(*await h.read_derogation(ctx, x.request_id, actor)) for x in found]
