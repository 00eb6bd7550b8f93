"""Alerts command handlers on the kernel's fakes (FakeUnitOfWork, FakeClock): load, decide,
save with the version check, and queue the events and the copies' distribution."""

from __future__ import annotations

from datetime import timedelta

import pytest

from imi_alerts.domain import Conflict, Forbidden, NotFound
from imi_alerts.handlers import drafting
from imi_alerts.handlers.closing import expire_periods


async def test_alr_016_alr_018_submit_and_accept_save_a_new_version_and_emit(handlers):
    alert_id = await handlers.drafted()
    submitted = await drafting.submit(handlers.ctx, handlers.user("FR-A", "handler"), alert_id)
    assert submitted.status.value == "submitted_for_broadcast"
    accepted = await drafting.accept(handlers.ctx, handlers.user("FR-C", "forwarder"), alert_id)
    assert accepted.status.value == "awaiting_broadcast"
    doc = handlers.stored(alert_id)
    assert (doc["version"], doc["status"]) == (3, "awaiting_broadcast")
    changes = handlers.uow.published("alert.status_changed")
    assert [e.aggregate_id for e in changes] == [alert_id, alert_id]  # declared on the event
    assert all(e.payload.get("personal_data") is None for e in changes)


async def test_alr_021_broadcast_sends_one_sealed_distribution_per_command(handlers):
    alert_id = await handlers.drafted()
    await drafting.submit(handlers.ctx, handlers.user("FR-A", "handler"), alert_id)
    await drafting.accept(handlers.ctx, handlers.user("FR-C", "forwarder"), alert_id)
    handlers.clock.advance(timedelta(minutes=5))
    alert = await drafting.broadcast(handlers.ctx, handlers.user("FR-C", "forwarder"), alert_id)
    assert alert.status.value == "broadcast" and alert.broadcast_at == handlers.clock.now
    (distribution,) = handlers.uow.published("alert.distribution_requested")
    targets = {t["participant"]: t["seq"] for t in distribution.payload["targets"]}
    assert targets == {"DE": 1, "FR": 1, "EU": 1}  # the Commission too (ALR-079)
    assert distribution.payload["sealed_personal_data"] is not None  # never in plaintext
    assert distribution.schema_version == "3.0" and "state" not in distribution.payload
    sealed = distribution.payload["sealed_content"]  # the content too (X-011, RET-004)
    assert sealed["case_id"] == alert_id and "Unsafe" not in str(distribution.payload)
    assert handlers.stored(alert_id)["copy_seq"] == targets  # saved with the alert


async def test_alr_057_a_refused_command_saves_nothing_and_emits_nothing(handlers):
    alert_id = await handlers.drafted()
    before = len(handlers.uow.outbox)
    with pytest.raises(Forbidden) as refused:
        await drafting.submit(handlers.ctx, handlers.user("FR-A", "viewer"), alert_id)
    assert refused.value.http_status == 403
    assert handlers.stored(alert_id)["version"] == 1
    assert len(handlers.uow.outbox) == before


async def test_alr_051_alr_080_wrong_status_is_a_conflict_unknown_alert_not_found(handlers):
    alert_id = await handlers.drafted()
    await drafting.submit(handlers.ctx, handlers.user("FR-A", "handler"), alert_id)
    with pytest.raises(Conflict) as conflict:
        await drafting.submit(handlers.ctx, handlers.user("FR-A", "handler"), alert_id)
    assert conflict.value.rule_id == "ALR-051"
    with pytest.raises(NotFound) as missing:
        await drafting.submit(handlers.ctx, handlers.user("FR-A", "handler"), "no-such-alert")
    assert missing.value.rule_id == "X-010"  # ALR-080: absent, answered as not yours


async def test_not_045_the_period_job_finds_nothing_due_on_a_draft(handlers):
    alert_id = await handlers.drafted()
    handlers.clock.advance(timedelta(days=30))
    assert await expire_periods(handlers.ctx, handlers.clock.now) == 0
    assert handlers.stored(alert_id)["version"] == 1
