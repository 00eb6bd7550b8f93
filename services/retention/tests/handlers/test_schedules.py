"""The schedules' edges on the kernel fakes: users of an inactive authority, a refusal called
off, reports capped by the case's lock date, key shredding, reminders, redeliveries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import retention_fakes as s

from imi_retention.entrypoints.jobs import delete_job, lock_job, reminder_job
from imi_shared.envelope import Envelope
from imi_shared.sealing import Sealer, SealingError

T = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)


def day(y, m, d):
    return datetime(y, m, d, tzinfo=UTC)


def types(ctx) -> list[str]:
    return [e.envelope.event_type for e in ctx.uow.outbox]


async def tick(ctx, moment, *jobs):
    ctx.clock.now = moment
    for job in jobs or (lock_job, delete_job):
        await job(ctx).tick()


async def test_ret_004_an_inactive_authority_locks_all_its_users_kept_3_years_beyond_it():
    ctx = s.context(T)
    for user in ("U1", "U2", "U3"):
        await s.user_created(ctx, user, "FR-A", T)
    await s.user_created(ctx, "U9", "FR-B", T)  # another authority
    await s.user_removed(ctx, "U3", "FR-A", T)  # removed before: its own lock
    await s.authority_status(ctx, "FR-A", "inactive", T + timedelta(days=1))
    await tick(ctx, T + timedelta(days=1))
    locked = [e.envelope.payload for e in ctx.uow.outbox]
    assert sorted((p["user_id"], p["reason"]) for p in locked) == [
        ("U1", "authority_inactive"),
        ("U2", "authority_inactive"),
        ("U3", "user_removed"),
    ]
    await tick(ctx, day(2025, 7, 11))  # RET-005: the authority goes, its users' data stays
    assert types(ctx)[-1] == "authority.pd_deleted"
    assert not s.records(ctx)["user:U1"]["pd_deleted"]
    await tick(ctx, day(2028, 1, 11))
    assert sorted(types(ctx)).count("user.pd_deleted") == 3
    assert {"user:U1", "user:U2", "user:U3", "authority:FR-A"} <= ctx.keys.shredded


async def test_ret_004_a_lock_out_is_not_a_removal():
    from imi_retention.adapters.directory_events import directory_catalog

    assert "user.locked_out" not in directory_catalog()  # never read: no schedule


async def test_ret_006_validated_before_the_date_is_never_deleted_refused_again_restarts():
    ctx = s.context(T)
    await s.authority_status(ctx, "FR-Y", "registration_refused", T)
    await s.authority_status(ctx, "FR-Y", "active", T + timedelta(days=30))
    await tick(ctx, day(2025, 8, 1))
    assert types(ctx) == [] and s.records(ctx)["authority:FR-Y"]["cancelled"]
    await s.authority_status(ctx, "FR-Y", "inactive", day(2025, 8, 1))
    assert s.records(ctx)["authority:FR-Y"]["delete_at"] == day(2026, 2, 1)


async def test_ret_010_a_pd_report_goes_at_the_case_lock_date_or_with_the_case_pd():
    ctx = s.context(T)
    await s.report_generated(ctx, "P1", "R1", T)  # before closure: +30 days
    await s.request_status(ctx, "R1", "closed", day(2024, 8, 1))  # lock 2025-02-01
    await s.report_generated(ctx, "P2", "R1", day(2025, 1, 20))  # capped by the lock date
    await s.report_generated(ctx, "P3", "R1", day(2025, 1, 20), personal_data=False)
    recs = s.records(ctx)
    assert recs["report:P1"]["delete_at"] == day(2025, 2, 1)  # capped when the case closed
    assert recs["report:P2"]["delete_at"] == day(2025, 2, 1)
    assert recs["report:P3"]["delete_at"] == day(2025, 2, 19)
    await tick(ctx, day(2025, 2, 1))
    assert types(ctx) == ["case.locked", "report.pd_deleted", "report.pd_deleted"]
    assert {e.envelope.payload["report_id"] for e in ctx.uow.outbox[1:]} == {"P1", "P2"}


async def test_ret_013_deletion_shreds_the_case_key_so_sealed_copies_open_no_more():
    ctx = s.context(T)
    reader = Sealer(ctx.keys, cache_ttl=0)  # another service on the same key store
    sealed = await reader.seal("R1", {"subject": "Jean Dupont"})
    await s.request_status(ctx, "R1", "closed", T)
    await tick(ctx, day(2028, 1, 10))
    (deleted,) = [e.envelope for e in ctx.uow.outbox if e.envelope.event_type == "case.pd_deleted"]
    assert (deleted.payload["key_id"], deleted.member_state) == ("R1", "FR")
    assert "Dupont" not in deleted.model_dump_json()
    with pytest.raises(SealingError):  # the in-memory store forgets it
        await reader.unseal(sealed)
    assert "R1" in ctx.keys.shredded


async def test_x_029_a_redelivered_closure_schedules_once():
    ctx = s.context(T)
    from imi_retention.adapters.requests_events import RequestStatusChanged
    from imi_retention.handlers import closure

    event = RequestStatusChanged(
        request_id="R1",
        la_code="services",
        requesting_authority_id="FR-A",
        requesting_member_state="FR",
        new_status="closed",
    )
    envelope = Envelope.wrap(event, producer="requests", member_state="FR")
    for _ in range(2):
        await ctx.uow.run(
            lambda tx: closure.request_status_changed(ctx, event, T, tx),
            consumed=envelope,
            consumer="c",
        )
    await s.request_status(ctx, "R1", "closed", T + timedelta(days=5))  # a second closure
    assert s.records(ctx)["request:R1"]["clock_start"] == T


async def test_ret_014_not_043_a_request_left_answered_is_reminded_once_after_the_threshold():
    ctx = s.context(T, closure_reminder_days=30)
    await s.request_status(ctx, "R1", "answered", T)
    await s.request_status(ctx, "R2", "answered", T)
    await s.request_status(ctx, "R2", "closed", T + timedelta(days=2))  # closed: no reminder
    for moment in (T + timedelta(days=30) - timedelta(seconds=1),):
        await tick(ctx, moment, reminder_job)
    assert types(ctx) == []
    await tick(ctx, T + timedelta(days=30), reminder_job)
    await tick(ctx, T + timedelta(days=31), reminder_job)
    (reminder,) = [e.envelope for e in ctx.uow.outbox]
    assert reminder.event_type == "case.closure_reminder_due"
    assert (reminder.payload["case_id"], reminder.payload["status"]) == ("R1", "answered")
    assert reminder.payload["requesting_authority_id"] == "FR-A"


async def test_ret_014_a_broadcast_alert_open_beyond_the_threshold_is_reminded():
    ctx = s.context(T, closure_reminder_days=60)
    await s.alert_status(ctx, "A1", "broadcast", T)
    await s.alert_status(ctx, "A1", "closure_proposal_open_for_comments", T + timedelta(days=5))
    await tick(ctx, T + timedelta(days=59), reminder_job)
    assert types(ctx) == []
    await tick(ctx, T + timedelta(days=60), reminder_job)
    (reminder,) = [e.envelope for e in ctx.uow.outbox]
    assert (reminder.member_state, reminder.payload["open_since"]) == (
        "DE",
        T.isoformat().replace("+00:00", "Z"),
    )
    await s.alert_status(ctx, "A1", "closed", T + timedelta(days=61))
    assert "open_cases" not in ctx.uow.collections or not ctx.uow.collections["open_cases"]
