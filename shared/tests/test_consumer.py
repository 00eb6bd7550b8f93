"""Idempotent consumer, dead letters and per-state partition scope, against the real broker."""

import asyncio

from aiokafka import AIOKafkaConsumer
from faststream.kafka import KafkaBroker
from pymongo.errors import OperationFailure

from imi_shared.consumer import EventSubscriber, Scope
from imi_shared.envelope import Envelope, Event, EventCatalog
from imi_shared.participants import partition_for


class CaseOpened(Event):
    event_type = "case.opened"
    aggregate_type = "case"
    title: str


class CaseOpenedV2(Event):  # what a future producer might send
    event_type = "case.opened"
    schema_version = "2.0"
    aggregate_type = "case"
    title: str


class CaseArchived(Event):  # not in the consumer's catalogue, no handler
    event_type = "case.archived"
    aggregate_type = "case"
    reason: str


def envelope(title: str, ms: str = "FR", event: Event | None = None) -> Envelope:
    return Envelope.wrap(
        event or CaseOpened(title=title), producer="test", member_state=ms, aggregate_id=title
    )


async def publish(broker: KafkaBroker, topic: str, env: Envelope | bytes, ms: str = "FR") -> None:
    raw = env if isinstance(env, bytes) else env.to_bytes()
    await broker.publish(raw, topic, key=ms.encode(), partition=partition_for(ms))


async def wait_until(predicate, timeout: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await predicate():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached in time"
        await asyncio.sleep(0.05)


async def read_all(bootstrap: str, topic: str, expected: int, timeout: float = 10.0):
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        group_id=None,
        enable_auto_commit=False,
    )
    await consumer.start()
    records = []
    try:
        deadline = asyncio.get_running_loop().time() + timeout
        while len(records) < expected and asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            for rs in batch.values():
                records.extend(rs)
    finally:
        await consumer.stop()
    return records


async def start_consumer(infra, uow, topic, name, scope=Scope()):
    broker = KafkaBroker(infra.kafka_bootstrap, logger=None)
    seen = []

    conflicts: dict[str, int] = {}

    async def on_opened(event, env, tx):
        if event.title.startswith("boom"):
            raise ValueError(f"cannot handle {event.title}")
        if event.title.startswith("contended") and conflicts.get(event.title, 0) < 3:
            # a write conflict outliving the unit of work's retries (a long rival transaction)
            conflicts[event.title] = conflicts.get(event.title, 0) + 1
            raise OperationFailure("WriteConflict error: this operation conflicted", code=112)
        seen.append((env.member_state, event.title))
        await tx.db.cases.insert_one(
            {"title": event.title, "ms": env.member_state}, session=tx.session
        )

    EventSubscriber(broker, uow, EventCatalog(CaseOpened), max_attempts=2).subscribe(
        topic, name, {"case.opened": on_opened}, scope=scope
    )
    await broker.start()
    return broker, seen


async def test_same_event_three_times_one_effect(infra, uow, topics, unique):
    topic = topics.requests_events
    broker, seen = await start_consumer(infra, uow, topic, f"g{unique}")
    try:
        env = envelope("c1")
        for _ in range(3):
            await publish(broker, topic, env)
        await publish(broker, topic, envelope("marker"))
        await wait_until(lambda: _count(uow, {"title": "marker"}, 1))
        assert await uow.db.cases.count_documents({"title": "c1"}) == 1
        assert seen.count(("FR", "c1")) == 1
    finally:
        await broker.stop()


async def _count(uow, query, n):
    return await uow.db.cases.count_documents(query) >= n


async def test_poison_events_go_to_dlq_and_consumer_goes_on(infra, uow, topics, unique):
    topic = topics.requests_events
    broker, seen = await start_consumer(infra, uow, topic, f"g{unique}")
    try:
        await publish(broker, topic, b"{not json")
        await publish(broker, topic, envelope("v2", event=CaseOpenedV2(title="v2")))
        await publish(broker, topic, envelope("boom-1"))
        # a type this consumer has no handler for (another consumer's business): skipped
        await publish(
            broker,
            topic,
            Envelope.wrap(
                CaseArchived(reason="x"), producer="test", member_state="FR", aggregate_id="c9"
            ),
        )
        await publish(broker, topic, envelope("good"))
        await wait_until(lambda: _count(uow, {"title": "good"}, 1))
        dead = await read_all(infra.kafka_bootstrap, topics.dlq(topic), 4, timeout=3)
        errors = sorted(dict(r.headers)["dlq.error"].decode() for r in dead)
        assert len(dead) == 3
        assert any("ValidationError" in e for e in errors)
        assert any("UnsupportedVersion" in e and "2.0" in e for e in errors)
        assert any("cannot handle boom-1" in e for e in errors)
        assert {r.partition for r in dead} == {partition_for("FR")}
        assert seen == [("FR", "good")]
    finally:
        await broker.stop()


async def test_write_conflicts_are_redelivered_never_dead_lettered(infra, uow, topics, unique):
    """X-029: contention is not the event's fault; the event is handled once it clears."""
    topic = topics.requests_events
    broker, seen = await start_consumer(infra, uow, topic, f"g{unique}")
    try:
        await publish(broker, topic, envelope("contended-1"))
        await publish(broker, topic, envelope("after"))
        await wait_until(lambda: _count(uow, {"title": "after"}, 1), timeout=30)
        assert await uow.db.cases.count_documents({"title": "contended-1"}) == 1
        assert seen == [("FR", "contended-1"), ("FR", "after")]  # order kept
        assert await read_all(infra.kafka_bootstrap, topics.dlq(topic), 1, timeout=2) == []
    finally:
        await broker.stop()


async def test_fr_deployment_receives_only_fr_partition(infra, uow, topics, unique):
    topic = topics.alerts_deliveries
    broker, seen = await start_consumer(infra, uow, topic, f"fr{unique}", Scope(("FR",)))
    try:
        for ms in ("FR", "DE", "EU", "FR"):
            await publish(broker, topic, envelope(f"{ms}-{len(seen)}-{ms}", ms), ms)
        await publish(broker, topic, envelope("FR-last", "FR"), "FR")
        await wait_until(lambda: _count(uow, {"title": "FR-last"}, 1))
        assert {ms for ms, _ in seen} == {"FR"}
        assert len(seen) == 3
        records = await read_all(infra.kafka_bootstrap, topic, 5)
        by_partition = {r.partition for r in records}
        assert by_partition == {partition_for("FR"), partition_for("DE"), partition_for("EU")}
        assert len(by_partition) == 3
    finally:
        await broker.stop()
