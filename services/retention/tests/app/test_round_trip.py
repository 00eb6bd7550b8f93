"""End to end on the real local servers: an alert's `alert.status_changed` (closed) on Kafka
→ retention consumer → schedule (GET) → the lock job, driven by a fake clock → outbox relay →
`case.locked` on `imi.retention.events` and the record shown locked (X-029, RET-003, X-052);
the rights routes on it; then, 6 months on, the deletion job shreds the alert's key in the
MongoDB key store (a value sealed before opens no more) and `case.pd_deleted` is on the bus."""

from datetime import UTC, datetime, timedelta

import pytest
from retention_support import KEK, bearer, eventually, keys_db, records_on, running_retention

from imi_shared.auth import Principal
from imi_shared.envelope import Envelope
from imi_shared.outbox.store import PendingEvent
from imi_shared.participants import partition_for
from imi_shared.producer import EventProducer
from imi_shared.sealing import KeyShredded, MongoKeyStore, Sealer
from imi_testkit import FakeClock
from imi_testkit.raw_topics import read_raw

CLOSED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def alert_closed(alert_id: str) -> Envelope:
    """As the alerts service publishes it (2.0: texts sealed; retention reads a narrow part)."""
    return Envelope(
        event_type="alert.status_changed",
        schema_version="2.0",
        producer="alerts",
        member_state="DE",
        aggregate_type="alert",
        aggregate_id=alert_id,
        payload={
            "alert_id": alert_id,
            "old_status": "closure_proposal_open_for_objections",
            "new_status": "closed",
            "occurred_at": CLOSED.isoformat(),
            "actor": {"user_id": "u", "authority_id": "DE-A", "member_state": "DE"},
            "ref_no": "ALR-2026-1",
            "sealed_texts": None,
        },
    )


async def test_ret_003_ret_013_x_052_a_closed_alert_is_scheduled_locked_then_shredded(
    infra, topics, db_name, unique
):
    alert_id = f"alert-{unique}"
    clock = FakeClock(CLOSED - timedelta(minutes=5))
    headers = bearer(Principal(user_id="u", username="u", authority_id="DE-A", member_state="DE"))
    path = f"/retention/records/alert/{alert_id}"
    async with running_retention(infra, topics, db_name, clock=clock) as (app, http):
        producer = EventProducer(infra.kafka_bootstrap)
        await producer.start()
        try:
            await producer.publish_all(
                [PendingEvent.of(alert_closed(alert_id), topics.alerts_events)]
            )
        finally:
            await producer.stop()

        async def scheduled():
            answer = await http.get(path, headers=headers)
            return answer.json() if answer.status_code == 200 else None

        before = await eventually(scheduled, what="the retention record over HTTP")
        job = app.state.context.lock_job
        await job.tick()  # 5 minutes before the closure: nothing is due
        clock.advance(timedelta(minutes=10))
        await job.tick()
        (locked,) = await records_on(
            infra.kafka_bootstrap, topics.retention_events, partition_for("DE")
        )
        after = (await http.get(path, headers=headers)).json()
        rights = await _rights_over_http(http, alert_id, headers)
        keys = Sealer(MongoKeyStore(app.state.context.uow.client[keys_db(db_name)], KEK))
        sealed = await keys.seal(alert_id, {"provider": "Jean Dupont"})  # as alerts seals
        clock.advance(timedelta(days=200))
        await app.state.context.delete_job.tick()
        raw = await read_raw(infra.kafka_bootstrap, topics.retention_events, expect=2, timeout=30)
        on_bus = [Envelope.from_bytes(r.value) for r in raw]
        keys.forget(alert_id)
        with pytest.raises(KeyShredded):
            await keys.unseal(sealed)
    assert (before["rule"], before["locked"], before["delete_at"]) == (
        "RET-003",
        False,
        "2026-09-01T00:00:00Z",
    )
    assert (locked.event_type, locked.aggregate_id, locked.payload["case_type"]) == (
        "case.locked",
        alert_id,
        "alert",
    )
    assert after["locked"] is True
    assert [e.event_type for e in on_bus] == ["case.locked", "case.pd_deleted"]
    assert on_bus[1].payload["key_id"] == alert_id and "Dupont" not in on_bus[1].model_dump_json()
    assert rights == {
        "filed": (201, "locked", "commission_helpdesk"),  # RET-024: locked at closure
        "other_authority": 404,  # not yours = absent
        "extraction_by_authority": 403,  # RET-016: visible, not allowed
        "extraction_absent": 404,
        "extraction_by_helpdesk": (201, "alerts"),
        "unbounded": 422,
    }


async def _rights_over_http(http, alert_id: str, headers) -> dict:
    """RET-016, RET-020, RET-024, RET-033 through the routes (rights before state)."""
    other = bearer(Principal(user_id="o", username="o", authority_id="FR-B", member_state="FR"))
    helpdesk = bearer(Principal(user_id="h", username="h", authority_id="EU-HD", member_state="EU"))
    body = {"type": "rectification", "received_at": "2026-03-01T09:00:00Z"}
    filing = f"/retention/cases/alert/{alert_id}/subject-requests"
    filed = await http.post(filing, json=body, headers=headers)
    seen = filed.json()
    elsewhere = await http.get(f"/retention/subject-requests/{seen['id']}", headers=other)
    extraction = {"reason": "public_interest"}
    case = f"/retention/cases/alert/{alert_id}/extractions"
    by_authority = await http.post(case, json=extraction, headers=headers)
    absent = await http.post(case.replace(alert_id, "nope"), json=extraction, headers=headers)
    by_helpdesk = await http.post(case, json=extraction, headers=helpdesk)
    long = {**body, "legal_basis": "x" * 501}
    unbounded = await http.post(filing, json=long, headers=headers)
    return {
        "filed": (filed.status_code, seen["route"], seen["must_act"]),
        "other_authority": elsewhere.status_code,
        "extraction_by_authority": by_authority.status_code,
        "extraction_absent": absent.status_code,
        "extraction_by_helpdesk": (by_helpdesk.status_code, by_helpdesk.json()["service"]),
        "unbounded": unbounded.status_code,
    }
