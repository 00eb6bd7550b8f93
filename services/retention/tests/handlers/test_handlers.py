"""Retention handlers and the lock job on the kernel's in-memory unit of work + a fake clock."""

from datetime import UTC, datetime, timedelta

import pytest

from imi_retention.adapters.alerts_events import AlertStatusChanged
from imi_retention.context import RetentionContext
from imi_retention.entrypoints.jobs import lock_job
from imi_retention.handlers import closure, reading
from imi_retention.settings import RetentionSettings
from imi_shared.auth import Principal
from imi_shared.envelope import Envelope
from imi_shared.errors import NotFound
from imi_testkit import FakeClock, FakeUnitOfWork

CLOSED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def ctx() -> RetentionContext:
    return RetentionContext(RetentionSettings(), FakeUnitOfWork(), FakeClock(CLOSED))


def status_changed(new_status: str, alert_id="ALR-1") -> AlertStatusChanged:
    return AlertStatusChanged.model_validate(
        {
            "alert_id": alert_id,
            "new_status": new_status,
            "occurred_at": CLOSED,
            "actor": {"authority_id": "DE-A"},
        }
    )


async def consume(ctx, event):
    envelope = Envelope.wrap(event, producer="alerts", member_state="DE")
    outcome = await ctx.uow.run(
        lambda tx: closure.alert_status_changed(ctx, event, "DE", tx),
        consumed=envelope,
        consumer="retention-alerts",
    )
    return outcome.value


def person(authority_id="DE-A", ms="DE") -> Principal:
    return Principal(user_id="u", username="u", authority_id=authority_id, member_state=ms)


async def test_ret_003_a_closed_alert_starts_its_schedule(ctx):
    record = await consume(ctx, status_changed("closed"))
    assert (record.case_id, record.lock_at, record.rule) == ("ALR-1", CLOSED, "RET-003")
    assert ctx.uow.collections["retention_records"]["alert:ALR-1"]["member_state"] == "DE"


async def test_x_029_other_statuses_and_a_second_closure_start_nothing(ctx):
    assert await consume(ctx, status_changed("broadcast")) is None
    await consume(ctx, status_changed("withdrawn"))
    assert await consume(ctx, status_changed("closed")) is None
    assert len(ctx.uow.collections["retention_records"]) == 1


async def test_ret_012_x_052_the_job_locks_when_the_lock_date_passes(ctx):
    ctx.clock.now = CLOSED - timedelta(hours=1)
    job = lock_job(ctx)
    await consume(ctx, status_changed("closed"))
    assert await job.tick() and ctx.uow.published("case.locked") == []
    ctx.clock.advance(timedelta(hours=2))
    await job.tick()
    (locked,) = ctx.uow.published("case.locked")
    assert (locked.aggregate_id, locked.member_state, locked.payload["rule"]) == (
        "ALR-1",
        "DE",
        "RET-003",
    )
    assert ctx.uow.outbox[0].topic == ctx.settings.topics.retention_events
    await job.tick()  # locked once only
    assert len(ctx.uow.published("case.locked")) == 1 and job.runs == 3


async def test_x_010_the_record_is_shown_to_its_authority_and_the_commission_only(ctx):
    await consume(ctx, status_changed("closed"))
    for who in (person(), person("EU-HD", "EU")):
        assert (await reading.get_record(ctx, who, "alert", "ALR-1")).case_id == "ALR-1"
    for who, case_id in ((person("FR-B", "FR"), "ALR-1"), (person(), "ALR-404")):
        with pytest.raises(NotFound):
            await reading.get_record(ctx, who, "alert", case_id)
