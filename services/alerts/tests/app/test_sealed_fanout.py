"""Issue 8, X-009 / X-011 / RET-004 / ALR-021: the fan-out topics carry no case content in
clear. `alert.distribution_requested` and `alert.copy_updated` (3.0: whole copies or changes,
issue 10) seal the content under the case key; once it is shredded, nothing on the topics can be
opened. 1.0 messages left on the topics after an upgrade are upcast (sealed on output); a newer
major is dead-lettered."""

import uuid

import pytest
from aiokafka import AIOKafkaProducer

from imi_alerts.adapters.legacy_messages import CopyUpdatedV1, DistributionRequestedV1
from imi_alerts.copies.changes import CopyChange
from imi_alerts.copies.distributed import CopyContent, DistributionContent
from imi_alerts_testkit import eventually
from imi_shared.envelope import Envelope
from imi_shared.participants import partition_for
from imi_shared.sealing import KeyShredded, SealedValue, Sealer
from imi_testkit.raw_topics import read_raw

from .test_copy_model import broadcast_alert, update_for

#: the alert's case content as `imi_alerts_testkit.launch_body` enters it
CONTENT = (
    b"Unsafe gas installations",  # description
    b"Gewerbeaufsicht",  # suggested recipients
    b"Jean Dupont",  # provider PD
    b"sole trader",  # provider, non-PD
    b"inspection.pdf",  # attachment
    b"F43.22",  # service activity
)


async def raw_of(world, topic, alert_id, expect_types):
    """The raw records of `alert_id` on `topic`, once every type in `expect_types` is there."""

    async def read():
        records = await read_raw(world.settings.kafka_bootstrap, topic, quiet_seconds=0.5)
        mine = [
            (r, Envelope.from_bytes(r.value))
            for r in records
            if Envelope.from_bytes(r.value).aggregate_id == alert_id
        ]
        types = {e.event_type for _, e in mine}
        return mine if expect_types <= types else None

    return await eventually(read, timeout=30, what=f"{expect_types} on {topic}")


async def test_x_011_ret_004_raw_fanout_and_deliveries_hold_no_case_content(world, api, user):
    alert_id = await api.broadcast_new(recipients=("DE", "BE"), mse="DE")
    de_inbox = user("DE-INBOX", "forwarder")
    assert (await api.copy(alert_id, de_inbox))["view"]["description"]["text"].startswith("Unsafe")
    await api.ok("POST", f"/inbox/{alert_id}/acknowledge", de_inbox)
    await api.copy(alert_id, de_inbox, until=lambda c: c["pending_actions"] == 0)
    fanned = await raw_of(
        world, world.topics.alerts_fanout, alert_id, {"alert.distribution_requested"}
    )
    copies = await raw_of(world, world.topics.alerts_deliveries, alert_id, {"alert.copy_updated"})
    for record, envelope in fanned + copies:
        assert envelope.schema_version == "3.0" or envelope.event_type == "alert.acknowledged"
        for value in CONTENT:
            assert value not in record.value, (envelope.event_type, value)
    # what the sealed parts hold: the content for DE, never personal data for the Commission
    opened, changes = {}, {}
    for _, envelope in copies:
        if envelope.event_type == "alert.copy_updated" and envelope.payload["sealed_copy"]:
            sealed = SealedValue.model_validate(envelope.payload["sealed_copy"])
            content = CopyContent.model_validate(await world.ctx.sealer.unseal(sealed))
            opened[envelope.payload["participant"]] = (envelope.payload, content)
        elif envelope.event_type == "alert.copy_updated":  # issue 10: DE's acknowledgement
            sealed = SealedValue.model_validate(envelope.payload["sealed_change"])
            change = CopyChange.model_validate(await world.ctx.sealer.unseal(sealed))
            changes[envelope.payload["participant"]] = (envelope.payload, change)
    assert {"DE", "BE", "FR", "EU"} <= set(opened)
    assert opened["DE"][1].view.description.text.startswith("Unsafe gas")
    eu_payload, eu = opened["EU"]
    assert eu_payload["sealed_personal_data"] is None and eu.view.personal_data is None
    assert "Jean Dupont" not in eu.model_dump_json()  # not even inside the seal
    # the acknowledgement travels as a change to DE alone (ALR-003), without personal data
    assert set(changes) == {"DE"}
    de_payload, de_change = changes["DE"]
    assert de_payload["sealed_personal_data"] is None and de_change.delivery.acknowledged_at
    distribution = SealedValue.model_validate(fanned[0][1].payload["sealed_content"])
    content = DistributionContent.model_validate(await world.ctx.sealer.unseal(distribution))
    assert content.alert.alert_id == alert_id and "Jean Dupont" not in content.model_dump_json()


async def test_ret_013_after_the_case_key_is_shredded_no_copy_on_the_topics_opens(world, api, user):
    alert_id = await api.broadcast_new(recipients=("DE",), mse="DE")
    await api.copy(alert_id, user("DE-INBOX", "forwarder"))
    fanned = await raw_of(
        world, world.topics.alerts_fanout, alert_id, {"alert.distribution_requested"}
    )
    copies = await raw_of(world, world.topics.alerts_deliveries, alert_id, {"alert.copy_updated"})
    sealed = [SealedValue.model_validate(e.payload["sealed_content"]) for _, e in fanned]
    sealed += [SealedValue.model_validate(e.payload["sealed_copy"]) for _, e in copies]
    assert len(sealed) >= 3 and all(s.case_id == alert_id for s in sealed)
    assert await world.ctx.sealer.unseal(sealed[-1])  # opens while the key lives
    assert await world.ctx.sealer.shred(alert_id)  # RET-015 early deletion
    uncached = Sealer(world.ctx.sealer.key_store, cache_ttl=0)  # any other process
    for value in sealed:
        for sealer in (world.ctx.sealer, uncached):
            with pytest.raises(KeyShredded):
                await sealer.unseal(value)


async def publish(world, topic, envelope, participant):
    producer = AIOKafkaProducer(bootstrap_servers=world.settings.kafka_bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(
            topic, envelope.to_bytes(), key=b"k", partition=partition_for(participant)
        )
    finally:
        await producer.stop()


def v1_distribution(alert_id):
    alert, delivered = broadcast_alert()
    alert = alert.model_copy(update={"alert_id": alert_id})
    (update, copy) = update_for(alert, delivered, 1)
    return DistributionRequestedV1(
        alert_id=alert_id,
        number=alert.ref_no,
        origin_ms="FR",
        state=alert.without_personal_data().model_dump(mode="json"),
        targets=(
            {
                "participant": "DE",
                "seq": 1,
                "events": [
                    {"event_type": "alert.delivered", "occurred_at": "2026-01-05T09:00:00Z"}
                ],
            },
        ),
    ), copy


async def test_upgrade_1_0_messages_still_on_the_topics_are_upcast(world):
    alert_id = f"legacy-{uuid.uuid4()}"
    v1, copy = v1_distribution(alert_id)
    await publish(
        world,
        world.topics.alerts_fanout,
        Envelope.wrap(v1, producer="old", member_state="FR"),
        "FR",
    )
    stored = await eventually(
        lambda: world.db.inbox.find_one({"_id": f"{alert_id}:DE", "copy.next_seq": 2}),
        what="the copy made from a 1.0 distribution",
    )
    assert stored["copy"]["view"]["description"]["text"] == "Unsafe"
    assert [e["event_type"] for e in stored["copy"]["events"]] == ["alert.delivered"]
    [(record, envelope)] = await raw_of(
        world, world.topics.alerts_deliveries, alert_id, {"alert.copy_updated"}
    )
    assert envelope.schema_version == "3.0" and b"Unsafe" not in record.value  # sealed on output
    # a 1.0 copy (in clear, made by an old worker) is applied in its order too
    old_copy = CopyUpdatedV1(
        alert_id=alert_id,
        origin_ms="FR",
        participant="DE",
        seq=2,
        kind=copy.kind,
        alert_status="broadcast",
        delivery=copy.delivery.model_dump(mode="json"),
        view=copy.view.model_dump(mode="json"),
    )
    await publish(
        world,
        world.topics.alerts_deliveries,
        Envelope.wrap(old_copy, producer="old", member_state="DE"),
        "DE",
    )
    await eventually(
        lambda: world.db.inbox.find_one({"_id": f"{alert_id}:DE", "copy.next_seq": 3}),
        what="a 1.0 copy applied",
    )


async def test_a_newer_major_distribution_is_dead_lettered_with_its_reason(world):
    alert_id = f"future-{uuid.uuid4()}"
    v1, _ = v1_distribution(alert_id)
    future = Envelope.wrap(v1, producer="new", member_state="FR").model_copy(
        update={"schema_version": "4.0"}
    )
    await publish(world, world.topics.alerts_fanout, future, "FR")

    async def dead():
        records = await read_raw(
            world.settings.kafka_bootstrap, world.topics.dlq(world.topics.alerts_fanout)
        )
        mine = [r for r in records if Envelope.from_bytes(r.value).aggregate_id == alert_id]
        return mine or None

    [record] = await eventually(dead, timeout=30, what="dead letter")
    headers = {k: v.decode() for k, v in record.headers}
    assert "UnsupportedVersion" in headers["dlq.error"] and "4.0" in headers["dlq.error"]
