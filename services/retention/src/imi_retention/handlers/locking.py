"""The schedule's jobs: lock what is due (RET-012), delete what is due (RET-013) and remind of
long-open cases (RET-014). Each record is acted on in its own transaction (record + event on
the outbox, one commit), so a crash between deciding and applying loses nothing: the next run
finds the record still due and applies it once (tests/app/test_sigkill.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from imi_shared.errors import Conflict

from ..adapters.read_models import OpenCaseRepository
from ..adapters.record_repository import RecordRepository
from ..adapters.rights_repository import purge_case_rights
from ..context import RetentionContext
from ..domain.events import CaseClosureReminderDue
from ..domain.schedule import RetentionRecord, delete_pd, lock

Decided = Callable[[RetentionRecord], Awaitable[None]] | None


async def lock_due_cases(ctx: RetentionContext, now: datetime, on_decided: Decided = None) -> int:
    """Lock what is due at `now` (the job's clock); the number locked."""
    outcome = await ctx.uow.run(lambda tx: RecordRepository(tx).due_for_lock(now))
    locked = 0
    for record in outcome.value or []:
        if on_decided is not None:
            await on_decided(record)  # "lock decided": nothing written yet
        try:
            await ctx.runner().change(record.record_id, lambda r, step: lock(r, now))
        except Conflict:  # locked meanwhile by another run: nothing left to do
            continue
        locked += 1
    return locked


async def delete_due_cases(ctx: RetentionContext, now: datetime, on_decided: Decided = None) -> int:
    """Delete the PD due at `now`; the number deleted."""
    outcome = await ctx.uow.run(lambda tx: RecordRepository(tx).due_for_deletion(now))
    deleted = 0
    for record in outcome.value or []:
        if on_decided is not None:
            await on_decided(record)
        try:
            await delete_record(ctx, record, now)
        except Conflict:
            continue
        deleted += 1
    return deleted


async def delete_record(
    ctx: RetentionContext,
    record: RetentionRecord,
    now: datetime,
    *,
    rule: str | None = None,
    reference: str | None = None,
) -> RetentionRecord:
    """RET-013: shred the data key first (idempotent: a rerun after a crash shreds nothing new),
    then mark the record deleted and publish the `*_deleted` event in one commit. A request's
    reports with PD go with it (RET-010); its data-subject requests and contest records too
    (RET-033)."""
    if record.key_id and ctx.shredder is not None:
        await ctx.shredder.shred(record.key_id)

    async def decide(r: RetentionRecord, step) -> list:
        events = delete_pd(r, now, rule=rule)
        r.early_deletion_ref = reference or r.early_deletion_ref
        if r.case_type == "request":
            events += await end_pd_reports(step.tx, r.case_id, now)
        await purge_case_rights(step.tx, r.case_type, r.case_id)
        return events

    result = await ctx.runner().change(record.record_id, decide)
    assert result.aggregate is not None
    return result.aggregate


async def end_pd_reports(tx, request_id: str, now: datetime) -> list:
    """RET-010: the request's PD rectified, erased or deleted: its reports holding PD end."""
    repo, events = RecordRepository(tx), []
    for report in await repo.of_parent("report", request_id):
        if report.reason == "personal_data" and not report.cancelled:
            events += delete_pd(report, now, rule="RET-010")
            await repo.save(report)
    return events


async def remind_open_cases(ctx: RetentionContext, now: datetime) -> int:
    """RET-014: one `case.closure_reminder_due` per case open beyond the threshold."""
    threshold = ctx.periods.closure_reminder_days
    before = now - timedelta(days=threshold)
    outcome = await ctx.uow.run(lambda tx: OpenCaseRepository(tx).due(before))
    runner = ctx.runner(repository=OpenCaseRepository)
    reminded = 0
    for case in outcome.value or []:

        def decide(c, step):
            if c.reminded_at is not None:
                return []
            c.reminded_at = now
            return [
                CaseClosureReminderDue(
                    case_type=c.case_type,
                    case_id=c.case_id,
                    member_state=c.member_state,
                    la_code=c.la_code,
                    status=c.status,
                    open_since=c.since,
                    threshold_days=threshold,
                    requesting_authority_id=c.requesting_authority_id,
                    reminded_at=now,
                )
            ]

        result = await runner.change(case.key, decide)
        reminded += len(result.envelopes)
    return reminded
