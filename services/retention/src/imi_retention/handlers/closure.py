"""A case's closure starts its retention schedule (X-029): requests RET-001/002, alerts RET-003,
a deleted draft RET-034; the open statuses feed the closure reminder (RET-014)."""

from __future__ import annotations

from datetime import datetime

from ..adapters import alerts_events as al
from ..adapters import requests_events as rq
from ..adapters.read_models import CaseParties, OpenCase, OpenCaseRepository, note_parties
from ..adapters.record_repository import RecordRepository
from ..context import RetentionContext
from ..domain import starts
from ..domain.schedule import RetentionRecord, record_id


async def schedule_once(
    ctx: RetentionContext, tx, record: RetentionRecord
) -> RetentionRecord | None:
    """Create the record once (a closure after a withdrawal restarts nothing); a schedule that
    was called off (RET-006) starts again."""
    repo = RecordRepository(tx)
    found = await repo.find(record.record_id)
    if found is not None and not found.cancelled:
        return None
    if found is not None:
        await repo.delete(found)
    result = await ctx.runner(tx).create(lambda step: (record, []))
    return result.aggregate


async def alert_status_changed(
    ctx: RetentionContext, event: al.AlertStatusChanged, member_state: str, tx
) -> RetentionRecord | None:
    """`closed`/`withdrawn` → RET-003; `deleted` (draft, unbroadcast) → RET-034; else nothing."""
    authority = event.actor.authority_id if event.actor else None
    await _track_alert(tx, event, member_state)
    taking_part = [*([authority] if authority else []), *event.notify_authority_ids]
    if taking_part:
        parties = CaseParties(
            "alert", event.alert_id, member_state, starts.SERVICES_LA, authority, taking_part
        )
        await note_parties(tx, parties)
    if event.new_status == al.DELETED:
        record = starts.draft_deleted(
            "alert",
            event.alert_id,
            la_code=starts.SERVICES_LA,
            member_state=member_state,
            authority_id=authority,
            deleted_at=event.occurred_at,
        )
        return await schedule_once(ctx, tx, record)
    if event.new_status not in (al.CLOSED, al.WITHDRAWN):
        return None
    record = starts.alert_closed(
        event.alert_id,
        member_state=member_state,
        authority_id=authority,
        closed_at=event.occurred_at,
        periods=ctx.periods,
    )
    return await schedule_once(ctx, tx, record)


async def request_status_changed(
    ctx: RetentionContext, event: rq.RequestStatusChanged, at: datetime, tx
) -> RetentionRecord | None:
    """Formal closure (`closed`, `refused`) → RET-001/002, and the PD reports of the request
    end no later than its lock date (RET-010)."""
    await _track_request(tx, event, at)
    parties = CaseParties(
        "request",
        event.request_id,
        event.requesting_member_state,
        event.la_code,
        event.requesting_authority_id,
        [event.requesting_authority_id, *event.authority_ids],
    )
    await note_parties(tx, parties)
    if event.new_status not in rq.CLOSURE:
        return None
    record = starts.request_closed(
        event.request_id,
        la_code=event.la_code,
        member_state=event.requesting_member_state,
        authority_id=event.requesting_authority_id,
        authority_ids=event.authority_ids or [event.requesting_authority_id],
        closed_at=at,
        periods=ctx.periods,
    )
    created = await schedule_once(ctx, tx, record)
    if created is not None and created.lock_at is not None:
        repo = RecordRepository(tx)
        for report in await repo.of_parent("report", created.case_id):
            if report.reason == "personal_data" and report.delete_at > created.lock_at:
                report.delete_at = created.lock_at
                await repo.save(report)
    return created


async def request_deleted(
    ctx: RetentionContext, event: rq.RequestDeleted, at: datetime, tx
) -> RetentionRecord | None:
    """A deleted draft's PD goes at once (RET-034 by analogy, REQ-056)."""
    record = starts.draft_deleted(
        "request",
        event.request_id,
        la_code=event.la_code,
        member_state=event.requesting_member_state,
        authority_id=event.requesting_authority_id,
        deleted_at=at,
    )
    return await schedule_once(ctx, tx, record)


async def report_generated(
    ctx: RetentionContext, event: rq.RequestReportGenerated, at: datetime, member_state: str, tx
) -> RetentionRecord | None:
    """RET-010: the report goes at +30 days, or at its case's lock date if it holds PD."""
    case = await RecordRepository(tx).find(record_id("request", event.request_id))
    record = starts.report_generated(
        event.report_id,
        request_id=event.request_id,
        member_state=member_state,
        authority_id=case.authority_id if case else None,
        personal_data=event.personal_data,
        generated_at=at,
        case_lock_at=case.lock_at if case else None,
        periods=ctx.periods,
    )
    return await schedule_once(ctx, tx, record)


async def _open(tx, case: OpenCase) -> None:
    repo = OpenCaseRepository(tx)
    found = await repo.find(case.key)
    if found is None:
        await repo.add(case)
    elif found.status != case.status and case.case_type == "request":
        found.status, found.since, found.reminded_at = case.status, case.since, None
        await repo.save(found)


async def _close(tx, key: str) -> None:
    repo = OpenCaseRepository(tx)
    found = await repo.find(key)
    if found is not None:
        await repo.delete(found)


async def _track_request(tx, event: rq.RequestStatusChanged, at: datetime) -> None:
    """RET-014: `answered` / `further_info_rejected` open the reminder clock; others stop it."""
    if event.new_status in rq.REMIND:
        case = OpenCase(
            "request",
            event.request_id,
            event.requesting_member_state,
            event.la_code,
            event.new_status,
            at,
            event.requesting_authority_id,
        )
        await _open(tx, case)
    else:
        await _close(tx, f"request:{event.request_id}")


async def _track_alert(tx, event: al.AlertStatusChanged, member_state: str) -> None:
    """RET-014: a broadcast alert is open until closed, withdrawn or deleted."""
    if event.new_status == al.BROADCAST:
        case = OpenCase(
            "alert",
            event.alert_id,
            member_state,
            starts.SERVICES_LA,
            event.new_status,
            event.occurred_at,
        )
        await _open(tx, case)
    elif event.new_status in (al.CLOSED, al.WITHDRAWN, al.DELETED):
        await _close(tx, f"alert:{event.alert_id}")
