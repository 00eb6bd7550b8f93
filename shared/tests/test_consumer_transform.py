"""Consume-transform-produce (`EventSubscriber.subscribe_transform`), against the real broker:
sync and async transforms, dead letters for a transform that fails by itself, redelivery for
an infrastructure outage. The alerts fan-out worker runs on it (an awaited transform that
seals each copy under the case key)."""

from __future__ import annotations

import asyncio
import uuid

from faststream.kafka import KafkaBroker
from pymongo.errors import ConnectionFailure

from imi_shared.batching import BatchPolicy
from imi_shared.consumer import EventSubscriber, Scope
from imi_shared.envelope import Envelope, Event, EventCatalog
from imi_shared.outbox.store import PendingEvent
from imi_shared.participants import partition_for
from imi_shared.producer import EventProducer
from imi_testkit.raw_topics import read_raw


class CaseOpened(Event):
    event_type = "case.opened"
    aggregate_type = "case"
    title: str


class CaseCopied(Event):
    event_type = "case.copied"
    aggregate_type = "case"
    title: str
    to: str


def opened(title: str) -> Envelope:
    return Envelope.wrap(
        CaseOpened(title=title), producer="test", member_state="FR", aggregate_id=title
    )


def copies(event: CaseOpened, envelope: Envelope, to: str, topic: str) -> list[PendingEvent]:
    return [
        PendingEvent.of(
            Envelope.wrap(
                CaseCopied(title=event.title, to=ms),
                producer="test",
                member_state=ms,
                aggregate_id=event.title,
            ).model_copy(update={"event_id": uuid.uuid5(envelope.event_id, ms)}),
            topic,
        )
        for ms in to
    ]


async def run_transform(
    infra,
    topics,
    unique,
    transform,
    titles: list[str],
    expect: int,
    dead: int | None = None,
    batch: BatchPolicy | None = None,
):
    """Subscribe `transform`, publish `titles`, return (outputs, dead letters) read raw."""
    source, target = topics.requests_events, topics.registers_events
    broker = KafkaBroker(infra.kafka_bootstrap, logger=None)
    producer = EventProducer(infra.kafka_bootstrap)
    EventSubscriber(broker, None, EventCatalog(CaseOpened)).subscribe_transform(
        source,
        f"t{unique}",
        {CaseOpened.event_type: transform(target)},
        producer,
        scope=Scope(("FR",)),  # FR's partition assigned: no group join to wait for
        batch=batch,
    )
    await producer.start()
    await broker.start()
    try:
        for title in titles:
            raw = b"{not json" if title == "garbage" else opened(title).to_bytes()
            await broker.publish(raw, source, key=b"FR", partition=partition_for("FR"))
        outputs = await read_raw(infra.kafka_bootstrap, target, expect=expect, timeout=30)
        letters = await read_raw(
            infra.kafka_bootstrap, topics.dlq(source), expect=dead, quiet_seconds=0.5
        )
    finally:
        await broker.stop()
        await producer.stop()
    return [Envelope.from_bytes(r.value) for r in outputs], letters


async def test_a_sync_transform_publishes_what_it_returns(infra, topics, unique):
    def transform(target):
        return lambda event, env: copies(event, env, ("DE", "IT"), target)

    outputs, dead = await run_transform(infra, topics, unique, transform, ["c1"], expect=2)
    assert sorted(e.member_state for e in outputs) == ["DE", "IT"]
    assert {e.payload["title"] for e in outputs} == {"c1"}
    assert dead == []


async def test_an_async_transform_is_awaited_and_failures_are_dead_lettered(infra, topics, unique):
    """A transform that raises by itself (it would raise again) goes to `<topic>.dlq` and the
    consumer goes on; a bad envelope too."""

    def transform(target):
        async def expand(event, env):
            await asyncio.sleep(0)  # a key-store read, say
            if event.title == "boom":
                raise ValueError("cannot expand boom")
            return copies(event, env, ("PL",), target)

        return expand

    outputs, dead = await run_transform(
        infra, topics, unique, transform, ["boom", "garbage", "c2"], expect=1, dead=2
    )
    assert [(e.member_state, e.payload["title"]) for e in outputs] == [("PL", "c2")]
    errors = sorted(dict(r.headers)["dlq.error"].decode() for r in dead)
    assert len(errors) == 2
    assert any("cannot expand boom" in e for e in errors)
    assert any("ValueError" in e for e in errors)


async def test_an_infrastructure_outage_is_redelivered_not_dead_lettered(infra, topics, unique):
    """A database (key store) outage is not the event's fault: the event stays uncommitted and
    comes again; once the outage clears its outputs are published, and nothing is dead."""
    attempts: list[str] = []

    def transform(target):
        async def expand(event, env):
            attempts.append(event.title)
            if attempts.count(event.title) < 3:
                raise ConnectionFailure("key store unreachable")
            return copies(event, env, ("NL",), target)

        return expand

    outputs, dead = await run_transform(infra, topics, unique, transform, ["c3"], expect=1)
    assert [(e.member_state, e.payload["title"]) for e in outputs] == [("NL", "c3")]
    assert attempts == ["c3", "c3", "c3"]
    assert dead == []


async def test_a_batched_transform_publishes_a_poll_together_and_dead_letters_alone(
    infra, topics, unique
):
    """Issue 10, the fan-out's batches: a poll's outputs are published together, in order, and
    a transform that raises sets only its own event aside. Fails on an implementation that
    drops the poll's other outputs when one transform raises, or publishes them out of order."""
    expanded: list[str] = []

    def transform(target):
        def expand(event, env):
            expanded.append(event.title)
            if event.title == "boom":
                raise ValueError("cannot expand boom")
            return copies(event, env, ("DE", "IT"), target)

        return expand

    titles = ["b1", "b2", "boom", "garbage", "b3"]
    outputs, dead = await run_transform(
        infra, topics, unique, transform, titles, expect=6, dead=2, batch=BatchPolicy(50, 300)
    )
    by_partition = [(e.member_state, e.payload["title"]) for e in outputs]
    assert [t for ms, t in by_partition if ms == "DE"] == ["b1", "b2", "b3"]
    assert [t for ms, t in by_partition if ms == "IT"] == ["b1", "b2", "b3"]
    assert len(dead) == 2
    assert expanded == ["b1", "b2", "boom", "b3"]  # each expanded once, in order
