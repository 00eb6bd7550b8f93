"""At-least-once delivery: a redelivered distribution, copy or inbox action has no second
effect, and a copy is kept in its order whatever the order of arrival."""

from aiokafka import AIOKafkaProducer

from imi_alerts.adapters.delivery_messages import InboxAcknowledged
from imi_alerts.domain import Actor, AlertRight, AuthorityAlertRole
from imi_shared.envelope import Envelope
from imi_shared.participants import partition_for

from .conftest import read_topic
from .test_personal_data import records_of


async def republish(world, topic, records):
    producer = AIOKafkaProducer(bootstrap_servers=world.settings.kafka_bootstrap)
    await producer.start()
    try:
        for record in records:
            await producer.send_and_wait(
                topic, record.value, key=record.key, partition=record.partition
            )
    finally:
        await producer.stop()


async def test_alr_021_redelivered_distributions_and_copies_have_no_second_effect(world, api, user):
    alert_id = await api.broadcast_new(recipients=("DE",), mse="DE")
    de_inbox = user("DE-INBOX", "forwarder")
    await api.copy(alert_id, de_inbox)
    topics = world.topics
    fanned = [
        r for r, _ in await records_of(world, topics.alerts_fanout, alert_id, [partition_for("FR")])
    ]
    copies = [
        r
        for r, _ in await records_of(
            world, topics.alerts_deliveries, alert_id, [partition_for("DE")], "alert.copy_updated"
        )
    ]
    await republish(world, topics.alerts_fanout, fanned)  # the same distribution again
    await republish(world, topics.alerts_deliveries, copies * 2)  # the same copy twice more
    # a marker: the next real step goes through the same consumers after the repeats
    await api.ok("POST", f"/inbox/{alert_id}/acknowledge", de_inbox)
    copy = await api.copy(alert_id, de_inbox, until=lambda c: c["pending_actions"] == 0)
    assert [e["event_type"] for e in copy["events"]] == ["alert.delivered", "alert.acknowledged"]
    assert [e["seq"] for e in copy["events"]] == [1, 2]
    stored = await world.db.inbox.find_one({"_id": f"{alert_id}:DE"})
    assert stored["copy"]["next_seq"] == 3 and stored["copy"]["buffered"] == {}
    view = await api.alert(alert_id, user("FR-A"))
    assert [h["action"] for h in view["history"]].count("acknowledged") == 1


async def test_alr_058_a_redelivered_acknowledgement_is_applied_once(world, api, user):
    alert_id = await api.broadcast_new(recipients=("DE",), mse="DE")
    de_inbox = user("DE-INBOX", "forwarder")
    await api.copy(alert_id, de_inbox)
    await api.ok("POST", f"/inbox/{alert_id}/acknowledge", de_inbox)
    await api.copy(alert_id, de_inbox, until=lambda c: c["pending_actions"] == 0)
    acks = [
        r
        for r, _ in await records_of(
            world,
            world.topics.alerts_deliveries,
            alert_id,
            [partition_for("FR")],
            "alert.acknowledged",
        )
    ]
    assert len(acks) == 1
    await republish(world, world.topics.alerts_deliveries, acks * 2)
    await api.ok("POST", f"/inbox/{alert_id}/forward", de_inbox, {"authority_ids": ["DE-A"]})
    copy = await api.copy(alert_id, de_inbox, until=lambda c: c["pending_actions"] == 0)
    assert copy["rejected_actions"] == []  # the repeats were dropped, not refused
    assert [e["event_type"] for e in copy["events"]] == [
        "alert.delivered",
        "alert.acknowledged",
        "alert.recipients_changed",
    ]


async def test_alr_022_an_action_the_origin_refuses_comes_back_as_rejected(world, api, user):
    alert_id = await api.broadcast_new(recipients=("DE",), mse="DE")
    de_inbox = user("DE-INBOX", "forwarder")
    await api.copy(alert_id, de_inbox)
    not_the_mailbox = Actor(
        user_id="x",
        authority_id="DE-C",
        member_state="DE",
        authority_roles=frozenset({AuthorityAlertRole.ALERT_COORDINATOR}),
        rights=frozenset({AlertRight.ALERT_FORWARDER}),
    )
    forged = Envelope.wrap(
        InboxAcknowledged(
            alert_id=alert_id,
            origin_ms="FR",
            member_state="DE",
            actor=not_the_mailbox,
            occurred_at=world.clock(),
        ),
        producer="test",
        member_state="DE",
        aggregate_id=alert_id,
    )
    producer = AIOKafkaProducer(bootstrap_servers=world.settings.kafka_bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(
            world.topics.alerts_deliveries, forged.to_bytes(), partition=partition_for("FR")
        )
    finally:
        await producer.stop()
    copy = await api.copy(alert_id, de_inbox, until=lambda c: c["rejected_actions"])
    [rejected] = copy["rejected_actions"]
    assert rejected["action_id"] == str(forged.event_id) and rejected["rule"] == "ALR-022"
    assert copy["status"] == "awaiting_acknowledgement"
    dead = await read_topic(
        world.settings.kafka_bootstrap,
        world.topics.dlq(world.topics.alerts_deliveries),
        [partition_for("FR")],
    )
    assert not [r for r in dead if alert_id.encode() in r.value]
