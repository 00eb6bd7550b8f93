"""Retention obeyed on the real local servers (X-052): a broadcast alert withdrawn, then
retention's `case.locked` from Kafka locks it (RET-003, RET-012) and the helpdesk extracts
its PD (RET-016); `case.pd_deleted` purges it from the alert and the copies and shreds the
case key (RET-013): no sealed value of the case opens, no row holds its PD."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaProducer

from imi_alerts.adapters.retention_events import CaseLocked, CasePdDeleted
from imi_alerts_testkit import eventually
from imi_shared.envelope import Envelope
from imi_shared.participants import partition_for
from imi_shared.sealing import KeyShredded, SealedValue, Sealer

from .conftest import read_topic

AT = datetime(2026, 9, 1, tzinfo=UTC)
PD = "Jean Dupont"


async def publish(world, event) -> None:
    envelope = Envelope.wrap(event, producer="retention", member_state="FR")
    producer = AIOKafkaProducer(bootstrap_servers=world.settings.kafka_bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(
            world.topics.retention_events, envelope.to_bytes(), key=b"FR", partition=10
        )
    finally:
        await producer.stop()


def sealed_values(value) -> list[SealedValue]:
    """Every sealed value anywhere inside a JSON value."""
    if isinstance(value, dict):
        if {"case_id", "nonce", "ciphertext"} <= value.keys():
            return [SealedValue.model_validate(value)]
        return [s for v in value.values() for s in sealed_values(v)]
    if isinstance(value, list):
        return [s for v in value for s in sealed_values(v)]
    return []


async def state(world, alert_id: str) -> dict:
    return (await world.db.alerts.find_one({"_id": alert_id}))["state"]


async def test_ret_003_016_013_lock_extract_delete_on_the_real_servers(world, api, user):
    alert_id = await api.broadcast_new(recipients=("DE",), mse="DE")
    de_inbox = user("DE-INBOX", "forwarder")
    assert (await api.copy(alert_id, de_inbox))["personal_data"]["provider"]
    launcher, forwarder = user("FR-A", "handler"), user("FR-C", "forwarder")
    why = {"justification": "the evidence was wrong"}
    await api.ok("POST", f"/alerts/{alert_id}/withdrawal", launcher, why)
    await api.ok("POST", f"/alerts/{alert_id}/withdrawal/broadcast", forwarder)
    common = {"case_type": "alert", "case_id": alert_id, "member_state": "FR", "rule": "RET-003"}
    await publish(world, CaseLocked(**common, locked_at=AT, delete_at=AT))

    async def locked():
        return (await state(world, alert_id))["pd_locked"]

    await eventually(locked, timeout=30, what="the lock applied")
    view = await api.ok("GET", f"/alerts/{alert_id}", launcher)
    assert view["access"] == "reduced" and PD not in str(view)  # RET-012
    url = f"/alerts/{alert_id}/locked-personal-data/extractions"
    refused = await api.request("POST", url, launcher, {"reason": "public_interest"})
    assert refused.status_code == 404 and "RET-016" in refused.text
    helpdesk = user("EU-COMMISSION", "viewer")
    found = await api.ok("POST", url, helpdesk, {"reason": "public_interest"})
    assert found["personal_data"]["provider"][0]["value"] == PD
    assert await world.db.pd_extractions.count_documents({"case_id": alert_id}) == 1

    await publish(world, CasePdDeleted(**common, deleted_at=AT, key_id=alert_id))

    async def purged():
        return (await state(world, alert_id))["pd_deleted"]

    await eventually(purged, timeout=30, what="the deletion applied")
    gone = await api.request("POST", url, helpdesk, {"reason": "public_interest"})
    assert gone.status_code == 404 and "RET-013" in gone.text
    with pytest.raises(KeyShredded):
        await world.ctx.sealer.key_store.get(alert_id)
    uncached = Sealer(world.ctx.sealer.key_store, cache_ttl=0)  # any other process
    topics = (
        world.topics.alerts_events,
        world.topics.alerts_fanout,
        world.topics.alerts_deliveries,
    )
    sealed: list[SealedValue] = []
    for topic in topics:
        parts = [partition_for("FR"), partition_for("DE"), partition_for("EU")]
        for record in await read_topic(world.settings.kafka_bootstrap, topic, parts):
            envelope = Envelope.from_bytes(record.value)
            if envelope.aggregate_id == alert_id or alert_id in record.value.decode():
                assert PD.encode() not in record.value
                sealed += sealed_values(envelope.payload)
    for name in ("alerts", "inbox", "outbox", "pd_extractions"):
        async for row in world.db[name].find():
            if alert_id in repr(row):
                assert PD not in repr(row), name
                sealed += sealed_values(row)
    mine = [s for s in sealed if s.case_id == alert_id]
    assert mine  # the PD travelled and was stored sealed ...
    for value in mine:
        with pytest.raises(KeyShredded):  # ... and none of it opens any more
            await uncached.unseal(value)
