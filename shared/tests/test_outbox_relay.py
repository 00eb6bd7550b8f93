"""The transactional outbox's promise, against the real broker and database (never mocks).

Every committed event reaches Kafka and none of a failed transaction does; each aggregate's
events arrive in order, even when the relay process is SIGKILLed half-way or a second relay
takes over from a crashed leader. Delivery is at-least-once: a duplicate (same event id) is
allowed, so order is judged on each event's first occurrence.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
import signal
import subprocess
import sys
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from pymongo.errors import BulkWriteError

from imi_shared.envelope import Envelope, Event
from imi_shared.outbox import OutboxRelay, RelayLease
from imi_shared.participants import PARTITION_COUNT, partition_for
from imi_testkit.outbox import outbox_events

STATES = ("FR", "DE", "IT", "PL", "SE", "NO")


class Counted(Event):
    event_type = "outbox.counted"
    aggregate_type = "counter"
    n: int


def envelope(aggregate: int, n: int) -> Envelope:
    """Event number n of aggregate `counter:cNN`, owned by one of several member states."""
    return Envelope.wrap(
        Counted(n=n),
        producer="test",
        aggregate_id=f"c{aggregate:02d}",
        member_state=STATES[aggregate % len(STATES)],
    )


async def write_events(
    uow, topic: str, *, aggregates: int, numbers: range, writers: int = 4
) -> dict[str, tuple[str, int]]:
    """Commit events n in `numbers` for every aggregate through UnitOfWork.run.

    Concurrent writers own disjoint aggregates; each transaction emits 1 to 9 events spread
    over several of its writer's aggregates. Returns {event id: (aggregate id, n)}.
    """
    expected: dict[str, tuple[str, int]] = {}

    async def writer(w: int) -> None:
        plan = [envelope(a, n) for n in numbers for a in range(w, aggregates, writers)]
        sizes, start = itertools.cycle((3, 7, 1, 9, 5)), 0
        while start < len(plan):
            chunk = plan[start : start + next(sizes)]
            start += len(chunk)

            async def work(tx, chunk=chunk):
                for env in chunk:
                    tx.emit(env, topic)

            await uow.run(work)
            expected.update({str(e.event_id): (e.aggregate_id, e.payload["n"]) for e in chunk})

    await asyncio.gather(*(writer(w) for w in range(writers)))
    return expected


async def read_topic(bootstrap: str, topic: str, timeout: float = 60.0) -> list:
    """Every record on every partition of `topic`, in offset order per partition."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False
    )
    await consumer.start()
    by_partition: dict[int, list] = defaultdict(list)
    try:
        partitions = [TopicPartition(topic, p) for p in range(PARTITION_COUNT)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        deadline = asyncio.get_running_loop().time() + timeout
        while behind := [tp for tp in partitions if await consumer.position(tp) < ends[tp]]:
            assert asyncio.get_running_loop().time() < deadline, f"{topic} not read to its end"
            for tp, records in (await consumer.getmany(*behind, timeout_ms=500)).items():
                by_partition[tp.partition].extend(records)
    finally:
        await consumer.stop()
    return [r for p in sorted(by_partition) for r in by_partition[p]]


def check_delivery(records: list, expected: dict[str, tuple[str, int]]) -> int:
    """Assert no event is missing or foreign and each aggregate's first occurrences are in order.

    Returns the number of duplicates.
    """
    seen: set[str] = set()
    numbers: dict[str, list[int]] = defaultdict(list)
    duplicates = 0
    for record in records:
        env = Envelope.from_bytes(record.value)
        assert (record.partition, record.key) == (
            partition_for(env.member_state),
            env.member_state.encode(),
        )
        if str(env.event_id) in seen:
            duplicates += 1
            continue
        seen.add(str(env.event_id))
        numbers[env.aggregate_id].append(env.payload["n"])
    missing = expected.keys() - seen
    assert not missing, f"{len(missing)} of {len(expected)} events never reached Kafka"
    assert not seen - expected.keys(), "events that were never committed reached Kafka"
    for aggregate, ns in numbers.items():
        assert all(a < b for a, b in itertools.pairwise(ns)), f"{aggregate} out of order: {ns}"
    return duplicates


async def wait_until(
    condition, *, timeout: float = 60.0, interval: float = 0.05, what: str = "condition"
):
    """Poll a condition (plain or async) until it returns something truthy; returns that."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = condition()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value
        assert asyncio.get_running_loop().time() < deadline, f"{what}: not within {timeout} s"
        await asyncio.sleep(interval)


async def events_with(uow, status: str) -> int:
    """How many events the outbox holds in rows of `status`."""
    return len(await outbox_events(uow.db, {"status": status}))


async def sent_at_least(uow, target: int) -> int:
    """The number of outbox events marked sent if it has reached `target`, else 0."""
    sent = await events_with(uow, "sent")
    return sent if sent >= target else 0


async def relay_everything(uow, bootstrap: str, **options) -> None:
    """An in-process relay run until the outbox has nothing pending."""
    relay = OutboxRelay(uow.db, bootstrap, **options)
    await relay.start()
    try:
        while await relay.run_once():
            pass
    finally:
        await relay.stop()


# --- a. the relay process is SIGKILLed half-way through 1,000 events ---------------------------

AGGREGATES, PER_AGGREGATE, BATCH = 20, 50, 50
TOTAL = AGGREGATES * PER_AGGREGATE


@pytest.mark.slow
async def test_relay_killed_half_way_then_restarted_delivers_every_event_in_order(
    infra, uow, topics, db_name, tmp_path, record_property
):
    topic = topics.alerts_events
    outbox = uow.db.outbox
    expected = await write_events(
        uow, topic, aggregates=AGGREGATES, numbers=range(1, PER_AGGREGATE + 1)
    )
    assert await events_with(uow, "pending") == TOTAL
    largest_row = max([len(r["events"]) async for r in outbox.find({})])
    log_path = tmp_path / "relay.log"

    def spawn() -> subprocess.Popen:
        with open(log_path, "ab") as out:
            return subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "imi_shared.outbox",
                    infra.mongo_uri,
                    db_name,
                    infra.kafka_bootstrap,
                    "--batch-size",
                    str(BATCH),
                    "--lease-seconds",
                    "2",
                    "--poll-seconds",
                    "0.02",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    processes = [spawn()]
    try:
        await wait_until(
            lambda: sent_at_least(uow, TOTAL // 10),
            interval=0.01,
            what="the first relay marks a tenth sent",
        )
        processes[0].send_signal(signal.SIGKILL)
        assert await asyncio.to_thread(processes[0].wait, 30) == -signal.SIGKILL
        sent_at_kill = await events_with(uow, "sent")
        assert 0 < sent_at_kill < TOTAL, "the relay should have been killed half-way"

        processes.append(spawn())  # waits for the dead relay's lease to expire, then resumes
        await wait_until(
            lambda: sent_at_least(uow, TOTAL),
            timeout=120,
            what="the restarted relay marks everything sent",
        )
        processes[1].send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(processes[1].wait, 30) == 0
    except BaseException:
        print(log_path.read_text())  # the relays' logs, shown with the failure
        raise
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()

    records = await read_topic(infra.kafka_bootstrap, topic)
    duplicates = check_delivery(records, expected)
    assert len(records) == TOTAL + duplicates
    # only the batch in flight at the kill (BATCH rows) may be published twice
    assert duplicates <= BATCH * largest_row
    assert await outbox.count_documents({"status": {"$ne": "sent"}}) == 0
    assert await outbox.count_documents({"sent_at": None}) == 0
    assert await uow.db.outbox_lease.count_documents({}) == 0, "a stopped relay hands over"
    record_property("sent_at_kill", sent_at_kill)
    record_property("duplicates", duplicates)
    print(f"\nrelay SIGKILLed after {sent_at_kill}/{TOTAL} marked sent; {duplicates} duplicates")


# --- b. a failed transaction's events are never published -------------------------------------


async def test_events_of_a_failed_transaction_never_reach_kafka(infra, uow, topics):
    topic = topics.requests_events
    first, second = envelope(0, 1), envelope(0, 2)
    await uow.run(lambda tx: _emit(tx, topic, first))

    async def handler_fails(tx):
        tx.emit(envelope(0, 90), topic)
        await tx.db.cases.insert_one({"_id": "case-1"}, session=tx.session)
        raise RuntimeError("handler failed after emitting")

    with pytest.raises(RuntimeError):
        await uow.run(handler_fails)

    async def outbox_write_fails(tx):  # aborted after its outbox rows and counter were written
        tx.emit(envelope(1, 91), topic)
        tx.emit(first, topic)  # the same event id again: its row's id is taken, the insert fails
        tx.emit(envelope(0, 91), topic)

    with pytest.raises(BulkWriteError) as failed:
        await uow.run(outbox_write_fails)
    assert failed.value.details["writeErrors"][0]["code"] == 11000
    await uow.run(lambda tx: _emit(tx, topic, second))

    await relay_everything(uow, infra.kafka_bootstrap)
    records = await read_topic(infra.kafka_bootstrap, topic)
    assert [Envelope.from_bytes(r.value).event_id for r in records] == [
        first.event_id,
        second.event_id,
    ]
    rows = await uow.db.outbox.find({}, sort=[("seq", 1)]).to_list()
    assert [(r["aggregate"], r["seq"], r["status"]) for r in rows] == [
        ("counter:c00", 1, "sent"),
        ("counter:c00", 2, "sent"),
    ]  # no gap left by the abort
    assert await uow.db.cases.count_documents({}) == 0


async def _emit(tx, topic: str, env: Envelope) -> None:
    tx.emit(env, topic)


# --- c. two relays on one database: one leader, takeover after the lease expires --------------


class WatchedRelay(OutboxRelay):
    """Journals each published batch (owner, start, end, size) and counts lease refusals.

    With `die_before_marking` set it stops for good between publishing a batch and marking
    it sent, as a process killed at that moment would: the batch is on Kafka, not marked.
    """

    def __init__(self, *args, journal: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.journal = journal
        self.refused = 0
        self.die_before_marking = False
        self.unmarked: list[str] = []
        self.dead = asyncio.Event()
        mark_sent = self.store.mark_sent

        async def mark_sent_or_die(ids: list[str]) -> None:
            if self.die_before_marking:
                self.unmarked = list(ids)
                self.dead.set()
                await asyncio.Event().wait()  # never returns; the task is cancelled here
            await mark_sent(ids)

        self.store.mark_sent = mark_sent_or_die

    async def run_once(self) -> int:
        started = datetime.now(UTC)
        relayed = await super().run_once()
        if relayed:
            self.journal.append((self.lease.owner, started, datetime.now(UTC), relayed))
        elif not self.is_leader:
            self.refused += 1
        return relayed


async def test_two_relays_one_leader_other_takes_over_after_lease_expiry(infra, uow, topics):
    topic, ttl = topics.registers_events, timedelta(seconds=1.5)
    journal: list = []
    a, b = (
        WatchedRelay(
            uow.db,
            infra.kafka_bootstrap,
            batch_size=20,
            poll_seconds=0.02,
            lease=RelayLease(uow.db, owner, ttl=ttl),
            journal=journal,
        )
        for owner in ("a", "b")
    )
    expected = await write_events(uow, topic, aggregates=10, numbers=range(1, 21))
    await a.start()
    await b.start()
    a_task = asyncio.create_task(a.run_forever())
    await wait_until(a.lease.holder, what="a takes the lease")
    b_task = asyncio.create_task(b.run_forever())
    more = None
    try:
        await wait_until(lambda: b.refused >= 3 and len(journal) >= 3, what="b is refused")
        a.die_before_marking = True  # a's next batch is published but never marked
        more = asyncio.create_task(write_events(uow, topic, aggregates=10, numbers=range(21, 41)))
        await asyncio.wait_for(a.dead.wait(), 60)
        a_task.cancel()
        died_at = datetime.now(UTC)
        lease = await uow.db.outbox_lease.find_one({"_id": "relay"})
        assert lease["owner"] == "a" and lease["expires_at"] > died_at

        expected.update(await more)
        await wait_until(lambda: sent_at_least(uow, len(expected)), what="b drains the outbox")
    finally:
        if more is not None:
            more.cancel()
        await b.stop()
        await b_task
        a_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await a_task
        await a.stop()  # closes a's producer; the lease is b's or nobody's by now

    owners = [owner for owner, *_ in sorted(journal, key=lambda entry: entry[1])]
    assert owners == sorted(owners) and owners[0] == "a" and owners[-1] == "b", owners
    a_last_end = max(end for owner, _, end, _ in journal if owner == "a")
    b_first_start = min(start for owner, start, _, _ in journal if owner == "b")
    b_first_end = min(end for owner, _, end, _ in journal if owner == "b")
    assert a_last_end <= died_at < b_first_start, "only one relay publishes at a time"
    assert b_first_end >= lease["expires_at"], "b published before a's lease expired"

    duplicates = check_delivery(await read_topic(infra.kafka_bootstrap, topic), expected)
    unmarked_events = [
        e["event_id"]
        async for r in uow.db.outbox.find({"_id": {"$in": a.unmarked}})
        for e in r["events"]
    ]
    assert a.unmarked and duplicates == len(unmarked_events), "b republishes what a did not mark"
    assert await uow.db.outbox.count_documents({"status": "pending"}) == 0
    # b's graceful stop released the lease: a third relay takes it at once
    assert await RelayLease(uow.db, "c", ttl=ttl).acquire()


# --- d. trace context travels from the emitting span to the Kafka message ---------------------


async def test_trace_context_of_the_emitting_span_becomes_the_traceparent_header(
    infra, uow, topics
):
    topic = topics.directory_events
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("test")
    traced, passed_on = envelope(0, 1), envelope(1, 1)

    with tracer.start_as_current_span("handle request") as handler:
        await uow.run(lambda tx: _emit(tx, topic, traced))
    ctx = handler.get_span_context()
    row = (await uow.db.outbox.find_one({"_id": str(traced.event_id)}))["events"][0]
    assert row["trace"]["traceparent"].split("-")[1:3] == [
        f"{ctx.trace_id:032x}",
        f"{ctx.span_id:016x}",
    ]
    await relay_everything(uow, infra.kafka_bootstrap, tracer_provider=provider)

    # a relay without a tracer provider (the CLI process) passes the stored context on
    with tracer.start_as_current_span("another request") as other:
        await uow.run(lambda tx: _emit(tx, topic, passed_on))
    await relay_everything(uow, infra.kafka_bootstrap)

    headers = {
        Envelope.from_bytes(r.value).event_id: dict(r.headers)
        for r in await read_topic(infra.kafka_bootstrap, topic)
    }
    _, trace_id, parent_id, _ = headers[traced.event_id]["traceparent"].decode().split("-")
    assert trace_id == f"{ctx.trace_id:032x}"
    assert headers[traced.event_id]["event_type"] == b"outbox.counted"
    publish = [s for s in exporter.get_finished_spans() if s.kind is SpanKind.PRODUCER]
    assert len(publish) == 1, "one publish span, from the relay given the provider"
    assert publish[0].context.trace_id == ctx.trace_id
    assert publish[0].parent.span_id == ctx.span_id
    assert parent_id == f"{publish[0].context.span_id:016x}"
    other_trace = headers[passed_on.event_id]["traceparent"].decode().split("-")[1]
    assert other_trace == f"{other.get_span_context().trace_id:032x}"


# --- d. a row the broker can never take is set aside; the rows behind it keep flowing ----------


class Oversized(Event):
    event_type = "outbox.oversized"
    aggregate_type = "counter"
    blob: str


async def test_an_unpublishable_row_is_set_aside_and_reported_while_later_rows_flow(
    infra, uow, topics
):
    """Issue 9: one oversized event used to stop a service's outbox for good."""
    topic = topics.requests_events
    big = Envelope.wrap(
        Oversized(blob="x" * 2_000_000), producer="test", aggregate_id="c00", member_state="FR"
    )
    before, after = envelope(1, 1), envelope(0, 2)
    for env in (before, big, after):
        await uow.run(lambda tx, env=env: _emit(tx, topic, env))

    await relay_everything(uow, infra.kafka_bootstrap)

    records = await read_topic(infra.kafka_bootstrap, topic)
    assert sorted(str(Envelope.from_bytes(r.value).event_id) for r in records) == sorted(
        [str(before.event_id), str(after.event_id)]
    )
    relay = OutboxRelay(uow.db, infra.kafka_bootstrap)
    assert await relay.store.count_set_aside() == 1
    (row,) = await relay.store.set_aside_rows()
    assert row["_id"] == str(big.event_id) and "TooLarge" in row["error"]
    assert "blob" not in str(row)  # the operator's view carries no payload
    assert await uow.db.outbox.count_documents({"status": "pending"}) == 0


async def test_a_row_holding_an_unpublishable_event_publishes_the_others_and_is_set_aside(
    infra, uow, topics
):
    """Issue 10: one transaction's events for one aggregate share a row; one oversized event
    among them is reported by its id, its row-mates still reach Kafka."""
    topic = topics.requests_events
    big = Envelope.wrap(
        Oversized(blob="x" * 2_000_000), producer="test", aggregate_id="c00", member_state="FR"
    )
    before, after = envelope(0, 1), envelope(0, 2)

    async def work(tx):
        for env in (before, big, after):
            tx.emit(env, topic)

    await uow.run(work)
    await relay_everything(uow, infra.kafka_bootstrap)

    records = await read_topic(infra.kafka_bootstrap, topic)
    assert [str(Envelope.from_bytes(r.value).event_id) for r in records] == [
        str(before.event_id),
        str(after.event_id),
    ]
    (row,) = await OutboxRelay(uow.db, infra.kafka_bootstrap).store.set_aside_rows()
    assert str(big.event_id) in row["error"] and "TooLarge" in row["error"]
    assert [e["envelope"]["event_type"] for e in row["events"]] == [
        "outbox.counted",
        "outbox.oversized",
        "outbox.counted",
    ]
    assert "blob" not in str(row)


async def test_a_commit_wakes_the_idle_relay_of_its_process(infra, uow, topics):
    """Issue 10: an idle relay polls slowly (here every 30 s at least); the unit of work's
    commit wakes it, so the event is published long before the next poll (10 s allowed)."""
    topic = topics.registers_events
    relay = OutboxRelay(
        uow.db,
        infra.kafka_bootstrap,
        poll_seconds=30,
        idle_poll_seconds=60,
        wakeup=uow.outbox_written,
    )
    await relay.start()
    task = asyncio.create_task(relay.run_forever())
    try:
        await wait_until(lambda: relay.is_leader, what="the relay takes the lease")
        await asyncio.sleep(0.5)  # its first round found nothing: it sleeps 30 s or more now
        env = envelope(0, 1)
        await uow.run(lambda tx: _emit(tx, topic, env))
        await wait_until(lambda: sent_at_least(uow, 1), timeout=10, what="woken, it publishes")
    finally:
        await relay.stop()
        await task
    records = await read_topic(infra.kafka_bootstrap, topic)
    assert [Envelope.from_bytes(r.value).event_id for r in records] == [env.event_id]


async def test_without_a_wakeup_signal_the_relay_never_slows_its_poll(infra, uow):
    relay = OutboxRelay(uow.db, infra.kafka_bootstrap, poll_seconds=0.05, idle_poll_seconds=9)
    assert relay.idle_poll_seconds == 0.05  # rows of other writers would wait otherwise
