"""Data-subject rights on the real records (RET-015, RET-019..025, RET-027, RET-033): rights
first, then state. A case the caller takes no part in, and a request it may not see, are
answered as absent (NotFound, X-010); a visible thing it may not do is Forbidden."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4

from imi_shared.auth import Principal
from imi_shared.clock import now_utc
from imi_shared.errors import Conflict, Forbidden, NotFound

from ..adapters.read_models import CasePartiesRepository
from ..adapters.record_repository import RecordRepository
from ..adapters.rights_repository import SubjectRequestRepository
from ..context import RetentionContext
from ..domain import rights as r
from ..domain.schedule import record_id
from .locking import delete_record, end_pd_reports


def is_helpdesk(principal: Principal) -> bool:
    """X-003: the Commission's users act as `commission_helpdesk` here (as in the directory)."""
    return principal.is_commission


async def case_facts(tx, case_type: str, case_id: str, now: datetime) -> r.CaseFacts | None:
    key = record_id(case_type, case_id)
    parties = await CasePartiesRepository(tx).find(key)
    record = await RecordRepository(tx).find(key)
    if parties is None and record is None:
        return None
    closed = record is not None and not record.cancelled
    locked = record is not None and closed and record.is_locked_at(now)
    ids = [*(parties.participant_ids if parties else []), *(record.authority_ids if record else [])]
    base = parties if parties is not None else record
    initiator = parties.initiator_id if parties is not None else base.authority_id
    return r.CaseFacts(
        case_type=case_type,
        case_id=case_id,
        member_state=base.member_state,
        la_code=base.la_code,
        initiator_id=initiator,
        participant_ids=tuple(dict.fromkeys(ids)),
        closed=closed,
        locked=locked,
    )


async def facts_for(
    ctx: RetentionContext, principal: Principal, case_type: str, case_id: str
) -> r.CaseFacts:
    """The case, if the caller takes part in it (or is the helpdesk); else NotFound."""
    now = now_utc(ctx.clock)
    facts = (await ctx.uow.run(lambda tx: case_facts(tx, case_type, case_id, now))).value
    if facts is None or not (
        is_helpdesk(principal) or principal.authority_id in facts.participant_ids
    ):
        raise NotFound("X-010", f"no {case_type} {case_id!r} here")
    return facts


async def file_request(
    ctx: RetentionContext,
    principal: Principal,
    *,
    kind: r.Kind,
    case_type: str,
    case_id: str,
    received_at: datetime,
    legal_basis: str = "",
    consent: bool = False,
) -> r.DataSubjectRequest:
    """RET-020/027: filed by the authority that received it (never by the helpdesk itself)."""
    facts = await facts_for(ctx, principal, case_type, case_id)
    if is_helpdesk(principal):
        raise Forbidden("RET-020", "the receiving authority files the data subject's request")
    request = r.file(
        uuid4().hex,
        kind,
        facts,
        principal.authority_id,
        received_at,
        now_utc(ctx.clock),
        deadline_days=ctx.periods.rectification_days,
        legal_basis=legal_basis,
        consent=consent,
    )
    result = await ctx.runner(repository=SubjectRequestRepository).create(lambda s: (request, []))
    return result.aggregate  # type: ignore[return-value]


def _visible(principal: Principal, request: r.DataSubjectRequest) -> bool:
    """RET-033: the receiving authority and the helpdesk only."""
    return is_helpdesk(principal) or principal.authority_id == request.receiving_authority_id


async def get_request(
    ctx: RetentionContext, principal: Principal, request_id: str
) -> r.DataSubjectRequest:
    found = (await ctx.uow.run(lambda tx: SubjectRequestRepository(tx).find(request_id))).value
    if found is None or not _visible(principal, found):
        raise NotFound("RET-033", f"no data subject request {request_id!r}")
    return found


async def list_requests(
    ctx: RetentionContext, principal: Principal, *, overdue_only: bool = False
) -> list[r.DataSubjectRequest]:
    where = {} if is_helpdesk(principal) else {"receiving_authority_id": principal.authority_id}
    found = (await ctx.uow.run(lambda tx: SubjectRequestRepository(tx).listed(where))).value
    now = now_utc(ctx.clock)
    return [q for q in found or [] if not overdue_only or q.overdue(now)]


async def forward(ctx: RetentionContext, principal: Principal, request_id: str):
    request = await get_request(ctx, principal, request_id)
    if request.receiving_authority_id != principal.authority_id:
        raise Forbidden("RET-020", "only the receiving authority forwards its request")
    runner = ctx.runner(repository=SubjectRequestRepository)
    result = await runner.change(request_id, lambda q, step: r.forward(q, step.now) or [])
    return result.aggregate


async def decide(
    ctx: RetentionContext, principal: Principal, request_id: str, outcome, note: str
) -> r.DataSubjectRequest:
    await get_request(ctx, principal, request_id)

    async def apply(q, step):
        r.decide(
            q,
            helpdesk=is_helpdesk(principal),
            authority_id=principal.authority_id,
            outcome=outcome,
            note=note,
            now=step.now,
        )
        if outcome != "done" or q.type not in r.DEADLINED or q.case_type != "request":
            return []
        return await end_pd_reports(step.tx, q.case_id, step.now)

    result = await ctx.runner(repository=SubjectRequestRepository).change(request_id, apply)
    return result.aggregate  # type: ignore[return-value]


async def carry_out_early_deletion(
    ctx: RetentionContext, principal: Principal, request_id: str
) -> r.DataSubjectRequest:
    """RET-015: the helpdesk deletes the case's PD now, with the recorded consent and basis;
    the request, as done, is returned (it goes with the case's PD, RET-033)."""
    request = await get_request(ctx, principal, request_id)
    if not is_helpdesk(principal):
        raise Forbidden("RET-015", "the helpdesk carries out an early deletion")
    if request.type != "early_deletion" or request.status in ("done", "rejected"):
        raise Conflict("RET-015", f"this is a {request.type} request, {request.status}")
    done = await decide(ctx, principal, request_id, "done", "PD deleted early (RET-015)")
    key = record_id(request.case_type, request.case_id)
    record = (await ctx.uow.run(lambda tx: RecordRepository(tx).get(key))).value
    if not record.pd_deleted:
        await delete_record(ctx, record, now_utc(ctx.clock), rule="RET-015", reference=request_id)
    return done
