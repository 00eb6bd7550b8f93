"""Batched idempotent consumers (issue 10, X-029's plumbing), against the real local broker and
database: `EventSubscriber.subscribe(..., batch=BatchPolicy(...))`.

The events are published before the consumer starts, so its first poll holds them all; the
consumer reads FR's partition (and DE's, IT's) by assignment: no group join to wait for. Each
test says which implementation it catches.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

from faststream.kafka import KafkaBroker
from pymongo.errors import ConnectionFailure

from imi_shared.batching import BatchPolicy
from imi_shared.consumer import EventSubscriber, Scope
from imi_shared.envelope import Envelope, Event, EventCatalog
from imi_shared.mongo import UnitOfWork
from imi_shared.participants import partition_for
from imi_testkit.raw_topics import read_raw

PROCESS = Path(__file__).with_name("batch_consumer_process.py")


class CaseOpened(Event):
    event_type = "case.opened"
    aggregate_type = "case"
    title: str


class CountingUnitOfWork(UnitOfWork):
    """The real unit of work, counting how the consumer calls it."""

    def __init__(self, client, db_name: str) -> None:
        super().__init__(client, db_name)
        self.batches: list[int] = []
        self.singles = 0

    async def run_batch(self, items, *, consumer):
        self.batches.append(len(items))
        return await super().run_batch(items, consumer=consumer)

    async def run(self, work, *, consumed=None, consumer=None):
        self.singles += consumed is not None
        return await super().run(work, consumed=consumed, consumer=consumer)


def opened(title: str, ms: str = "FR") -> Envelope:
    return Envelope.wrap(
        CaseOpened(title=title), producer="test", member_state=ms, aggregate_id=title
    )


async def publish(bootstrap: str, topic: str, messages: list[Envelope | bytes]) -> None:
    broker = KafkaBroker(bootstrap, logger=None)
    await broker.start()
    try:
        for m in messages:
            ms = "FR" if isinstance(m, bytes) else m.member_state
            raw = m if isinstance(m, bytes) else m.to_bytes()
            await broker.publish(raw, topic, key=ms.encode(), partition=partition_for(ms))
    finally:
        await broker.stop()


async def wait_until(predicate, timeout: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await predicate():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached in time"
        await asyncio.sleep(0.05)


class Consumer:
    """A batched subscriber whose handler pushes each title to its key's `log` document (one
    read-modify-write per event, so the order of commits shows) and refuses titles "boom*"."""

    def __init__(self, infra, uow, topic: str, name: str, *, outage_on: str | None = None):
        self.broker = KafkaBroker(infra.kafka_bootstrap, logger=None)
        self.calls: list[str] = []
        self.transactions: list = []  # the Transaction objects the handler saw (kept alive)
        self.outages = 0

        async def on_opened(event, envelope, tx):
            self.calls.append(event.title)
            if not any(t is tx for t in self.transactions):
                self.transactions.append(tx)
            if event.title.startswith("boom"):
                raise ValueError(f"cannot handle {event.title}")
            if event.title == outage_on and self.outages < 2:
                self.outages += 1  # the database went away in the middle of the batch
                raise ConnectionFailure("mongo unreachable")
            key = envelope.member_state
            doc = await tx.db.log.find_one({"_id": key}, session=tx.session)
            titles = [*(doc or {}).get("titles", []), event.title]
            await tx.db.log.replace_one(
                {"_id": key}, {"titles": titles}, upsert=True, session=tx.session
            )

        EventSubscriber(self.broker, uow, EventCatalog(CaseOpened), max_attempts=2).subscribe(
            topic,
            name,
            {"case.opened": on_opened},
            scope=Scope(("FR", "DE", "IT")),
            batch=BatchPolicy(max_records=100, max_wait_ms=200),
        )

    async def __aenter__(self) -> Consumer:
        await self.broker.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.broker.stop()


async def titles(uow, key: str = "FR") -> list[str]:
    doc = await uow.db.log.find_one({"_id": key})
    return doc["titles"] if doc else []


def has(uow, key: str, last: str):
    async def check() -> bool:
        return last in await titles(uow, key)

    return check


async def test_batch_is_applied_in_one_transaction(infra, mongo_client, db_name, topics, unique):
    """20 events of one poll: ONE `run_batch` of 20, every handler in the same transaction,
    one processed id each. Fails on the non-batched path (20 units of work, 20 transactions)."""
    uow = CountingUnitOfWork(mongo_client, db_name)
    topic = topics.requests_events
    names = [f"c{i}" for i in range(20)]
    await publish(infra.kafka_bootstrap, topic, [opened(n) for n in names])
    async with Consumer(infra, uow, topic, f"g{unique}") as consumer:
        await wait_until(has(uow, "FR", "c19"))
    assert await titles(uow) == names
    assert uow.batches == [20]
    assert uow.singles == 0
    assert len(consumer.transactions) == 1
    assert await uow.db.processed_events.count_documents({}) == 20


async def test_poison_message_is_dead_lettered_alone_its_batch_mates_applied(
    infra, mongo_client, db_name, topics, unique
):
    """A handler's refusal and an undecodable record go to the dead-letter topic, each alone;
    the other events of their batch are applied once, in order. Fails on an implementation
    that dead-letters (or drops) the whole batch, or skips the events after the poison."""
    uow = CountingUnitOfWork(mongo_client, db_name)
    topic = topics.requests_events
    batch = [opened("a"), opened("b"), opened("boom-1"), b"{not json", opened("c"), opened("d")]
    await publish(infra.kafka_bootstrap, topic, batch)
    async with Consumer(infra, uow, topic, f"g{unique}"):
        await wait_until(has(uow, "FR", "d"))
        dead = await read_raw(infra.kafka_bootstrap, topics.dlq(topic), expect=2, timeout=10)
    assert await titles(uow) == ["a", "b", "c", "d"]
    errors = sorted(dict(r.headers)["dlq.error"].decode() for r in dead)
    assert len(errors) == 2
    assert "cannot handle boom-1" in errors[0] or "cannot handle boom-1" in errors[1]
    assert any("ValidationError" in e or "JSON" in e for e in errors)
    assert {r.partition for r in dead} == {partition_for("FR")}
    assert await uow.db.processed_events.count_documents({}) == 4  # the refused one: not


async def test_redelivered_committed_batch_has_no_effect(
    infra, mongo_client, db_name, topics, unique
):
    """The same batch delivered again (a relay's at-least-once repeat, the same event ids) is
    skipped whole by the bulk lookup. Fails on an implementation that does not look the ids up
    (each effect twice) or that refuses the repeat (dead letters)."""
    uow = CountingUnitOfWork(mongo_client, db_name)
    topic = topics.requests_events
    batch = [opened(f"r{i}") for i in range(8)]
    await publish(infra.kafka_bootstrap, topic, batch)
    async with Consumer(infra, uow, topic, f"g{unique}") as consumer:
        await wait_until(has(uow, "FR", "r7"))
        await publish(infra.kafka_bootstrap, topic, [*batch, opened("after")])
        await wait_until(has(uow, "FR", "after"))
    assert await titles(uow) == [f"r{i}" for i in range(8)] + ["after"]
    assert consumer.calls == [f"r{i}" for i in range(8)] + ["after"]  # repeats not handled
    assert await read_raw(infra.kafka_bootstrap, topics.dlq(topic), quiet_seconds=0.5) == []


async def test_per_key_order_is_kept_across_batches_and_a_refusal(
    infra, mongo_client, db_name, topics, unique
):
    """Three keys on three partitions, interleaved, one refusal in FR's run: each key's events
    are applied in their partition's order, across several polls. Fails on an implementation
    that runs a batch's handlers concurrently or out of offset order, or that re-applies the
    events before the refusal after their first attempt was aborted (duplicates)."""
    uow = CountingUnitOfWork(mongo_client, db_name)
    topic = topics.requests_events
    events = []
    for i in range(12):
        for ms in ("FR", "DE", "IT"):
            events.append(opened(f"{ms}{i}", ms))
            if ms == "FR" and i == 5:
                events.append(opened("boom-fr", "FR"))
    await publish(infra.kafka_bootstrap, topic, events)
    async with Consumer(infra, uow, topic, f"g{unique}"):
        for ms in ("FR", "DE", "IT"):
            await wait_until(has(uow, ms, f"{ms}11"))
    for ms in ("FR", "DE", "IT"):
        assert await titles(uow, ms) == [f"{ms}{i}" for i in range(12)]


async def test_an_outage_mid_batch_redelivers_the_whole_batch(
    infra, mongo_client, db_name, topics, unique
):
    """The database goes away at the 4th event of a batch (twice): nothing of the batch is
    committed, the whole batch comes again, and then every event is applied once; nothing is
    dead-lettered. Fails on an implementation that dead-letters on an outage, or commits the
    offsets of a batch it did not apply (events lost)."""
    uow = CountingUnitOfWork(mongo_client, db_name)
    topic = topics.requests_events
    names = [f"o{i}" for i in range(8)]
    await publish(infra.kafka_bootstrap, topic, [opened(n) for n in names])
    async with Consumer(infra, uow, topic, f"g{unique}", outage_on="o3") as consumer:
        await wait_until(has(uow, "FR", "o7"), timeout=30)
    assert await titles(uow) == names
    assert consumer.outages == 2
    assert consumer.calls.count("o0") == 3  # the batch redelivered whole, twice
    assert uow.batches[0] == 8 and len(uow.batches) == 3
    assert await read_raw(infra.kafka_bootstrap, topics.dlq(topic), quiet_seconds=0.5) == []


async def test_sigkill_mid_batch_commits_nothing_and_the_batch_is_redelivered(
    infra, mongo_client, db_name, topics, unique, tmp_path
):
    """A consumer process SIGKILLed while its batch's transaction is open (its handler hangs
    at the 3rd event, after the first two ran in the same transaction): nothing of the batch
    was committed, neither effects nor offsets; a consumer of the same name then gets the
    whole batch again and applies each event once (the victim wrote its effects to documents
    of its own: see batch_consumer_process.py). Fails on an implementation that commits
    per event inside a batch (a and b would be stored at the kill) or commits the offsets
    before the transaction (the batch would be lost)."""
    uow = CountingUnitOfWork(mongo_client, db_name)
    topic, group = topics.requests_events, f"g{unique}"
    names = ["a", "b", "hang", "c", "d"]
    await publish(infra.kafka_bootstrap, topic, [opened(n) for n in names])
    ready = tmp_path / "ready"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    args = [infra.kafka_bootstrap, infra.mongo_uri, db_name, topic, group, str(ready)]
    victim = subprocess.Popen([sys.executable, str(PROCESS), *args], env=env)
    try:
        await wait_until(lambda: _exists(ready, victim), timeout=60)
    finally:
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
    assert await uow.db.victim_log.count_documents({}) == 0  # a and b ran, were not committed
    assert await uow.db.processed_events.count_documents({}) == 0
    async with Consumer(infra, uow, topic, group) as consumer:
        await wait_until(has(uow, "FR", "d"))
    assert await titles(uow) == names
    assert consumer.calls == names


async def _exists(path: Path, process: subprocess.Popen) -> bool:
    assert process.poll() is None, "the consumer process died by itself"
    return path.exists()


class TitlesWriteBehind:
    """Issue 10: a write-behind over the `log` documents (one read per key, one write per key
    at the flush); it refuses at the flush to write a title starting with "bad"."""

    def __init__(self, tx) -> None:
        self.tx = tx
        self.held: dict[str, list[str]] = {}

    async def append(self, key: str, title: str) -> None:
        if key not in self.held:
            doc = await self.tx.db.log.find_one({"_id": key}, session=self.tx.session)
            self.held[key] = (doc or {}).get("titles", [])
        self.held[key].append(title)

    async def flush(self) -> None:
        if any(t.startswith("bad") for titles in self.held.values() for t in titles):
            raise ValueError("the bulk write is refused")
        for key, titles in self.held.items():
            await self.tx.db.log.replace_one(
                {"_id": key}, {"titles": titles}, upsert=True, session=self.tx.session
            )


async def test_a_refused_bulk_write_applies_the_batch_one_event_at_a_time(
    infra, mongo_client, db_name, topics, unique
):
    """A write-behind's flush refused: the batch is aborted (nothing of it written), then
    applied one event at a time, so only the event whose own write is refused goes to the
    dead-letter topic and the others are applied once, in order. Fails on an implementation
    that redelivers the batch for ever, dead-letters the whole batch, or keeps the effects of
    the aborted batch (a, b twice)."""
    uow = CountingUnitOfWork(mongo_client, db_name)
    topic = topics.requests_events
    broker = KafkaBroker(infra.kafka_bootstrap, logger=None)

    async def on_opened(event, envelope, tx):
        await tx.write_behind("titles", TitlesWriteBehind).append("FR", event.title)

    EventSubscriber(broker, uow, EventCatalog(CaseOpened), max_attempts=2).subscribe(
        topic,
        f"g{unique}",
        {"case.opened": on_opened},
        scope=Scope(("FR",)),
        batch=BatchPolicy(max_records=100, max_wait_ms=200),
    )
    names = ["a", "b", "bad", "c"]
    await publish(infra.kafka_bootstrap, topic, [opened(n) for n in names])
    await broker.start()
    try:
        await wait_until(has(uow, "FR", "c"))
        dead = await read_raw(infra.kafka_bootstrap, topics.dlq(topic), expect=1, timeout=10)
    finally:
        await broker.stop()
    assert await titles(uow) == ["a", "b", "c"]
    assert uow.batches == [4]
    assert uow.singles == 5  # a, b, bad twice (max_attempts), c
    assert "the bulk write is refused" in dict(dead[0].headers)["dlq.error"].decode()
    assert await uow.db.processed_events.count_documents({}) == 3
