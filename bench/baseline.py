"""Raw baselines of the two servers, measured in the same run as every IMI benchmark.

Later benchmarks divide their own rates by these, so a figure reads "the outbox relay publishes
at 0.7x raw Kafka produce" and means the same on a laptop, in CI, on Tansu/SecantusDB or on
Apache Kafka/mongod. Nothing here asserts an absolute time.

    from baseline import measure_baseline          # bench/ is on sys.path when run as a script
    base = measure_baseline(kafka_bootstrap, mongo_uri)
    print(f"relay: {ratio(relay_rate, base, 'kafka_produce_msg_s'):.2f}x raw Kafka produce")

Inside a running event loop use `await ameasure_baseline(...)` instead.

Figures (all rates per second, higher is better):
- kafka_produce_msg_s      aiokafka producer configured like the outbox relay (acks=all,
                           linger 2 ms, 256 KiB batches), ~300-byte keyed messages spread over a
                           31-partition topic, sent in windows of 500 and awaited per window
- kafka_consume_msg_s      one aiokafka consumer, all 31 partitions assigned, reading them back
                           from the beginning (no consumer group, no commits)
- mongo_insert_one_s       sequential insert_one of ~300-byte documents (one secondary index)
- mongo_find_one_indexed_s sequential find_one on the indexed field, random existing keys
- mongo_tx_two_writes_s    sequential transactions, each in a new session, inserting one
                           document into `cases` and one into `outbox` (the outbox pattern,
                           like imi_shared.mongo.UnitOfWork)
- mongo_insert_many_docs_s documents/s of sequential `insert_many` of 500 ~300-byte documents
                           (one secondary index): the raw bulk-write rate (issue 10)
- mongo_tx_batch_docs_s    documents/s of sequential transactions, each in a new session,
                           holding one `insert_many` of 31 documents and one of their 31
                           processed-event ids: a batched consumer applying the 31 copies of a
                           broadcast (imi_shared.mongo.UnitOfWork.run_batch); the 31 documents
                           are counted, their ids ride along (62 writes a transaction)

Each run uses a topic and a database of its own and removes them afterwards. Every loop is
bounded by a count and a deadline; only the given servers are contacted.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from dataclasses import asdict, dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from imi_shared.mongo import make_client
from imi_shared.participants import PARTICIPANTS, PARTITION_COUNT

FIGURES = {
    # figure key: (label, unit, key of its count and duration in result["details"])
    "kafka_produce_msg_s": ("Kafka produce", "msg/s", "kafka_produce"),
    "kafka_consume_msg_s": ("Kafka consume", "msg/s", "kafka_consume"),
    "mongo_insert_one_s": ("MongoDB insert_one (sequential)", "docs/s", "mongo_insert_one"),
    "mongo_find_one_indexed_s": ("MongoDB find_one (indexed)", "finds/s", "mongo_find_one_indexed"),
    "mongo_tx_two_writes_s": ("MongoDB transaction, 2 writes", "tx/s", "mongo_tx_two_writes"),
    "mongo_insert_many_docs_s": ("MongoDB insert_many of 500", "docs/s", "mongo_insert_many"),
    "mongo_tx_batch_docs_s": ("MongoDB tx, 31 docs + 31 ids", "docs/s", "mongo_tx_batch"),
}


@dataclass(frozen=True)
class BaselineParams:
    messages: int = 20_000
    message_bytes: int = 300
    partitions: int = PARTITION_COUNT  # 31: one per participant, like every IMI topic
    produce_window: int = 500  # the outbox relay's batch size
    inserts: int = 2_000
    finds: int = 2_000
    transactions: int = 1_000
    bulk_documents: int = 10_000  # in insert_many calls of bulk_size
    bulk_size: int = 500
    batch_transactions: int = 200  # each: insert_many of batch_size docs + batch_size ids
    batch_size: int = 31  # the copies of one broadcast
    document_bytes: int = 300
    deadline_seconds: float = 120.0  # per measurement; exceeding it is an error, not a result


class BaselineError(RuntimeError):
    pass


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def _padded(prefix: str, size: int) -> bytes:
    raw = prefix.encode()
    return raw + b"x" * max(0, size - len(raw))


# --- Kafka ------------------------------------------------------------------------------------


async def _kafka(bootstrap: str, p: BaselineParams) -> dict:
    topic = f"bench.baseline.{uuid.uuid4().hex[:12]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics(
            [NewTopic(name=topic, num_partitions=p.partitions, replication_factor=1)]
        )
        try:
            produce = await _produce(bootstrap, topic, p)
            consume = await _consume(bootstrap, topic, p)
        finally:
            try:
                await admin.delete_topics([topic])
            except Exception:  # a broker without topic deletion keeps a small bench topic
                pass
    finally:
        await admin.close()
    return {"topic": topic, "produce": produce, "consume": consume}


async def _produce(bootstrap: str, topic: str, p: BaselineParams) -> dict:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", linger_ms=2, max_batch_size=256 * 1024
    )
    await producer.start()
    try:
        deadline = time.monotonic() + p.deadline_seconds
        while len(await producer.partitions_for(topic) or ()) < p.partitions:
            if time.monotonic() > deadline:
                raise BaselineError(f"topic {topic} never showed {p.partitions} partitions")
            await asyncio.sleep(0.05)
        keys = [code.encode() for code in PARTICIPANTS]
        started = time.perf_counter()
        sent = 0
        while sent < p.messages:
            window = min(p.produce_window, p.messages - sent)
            futures = []
            for i in range(sent, sent + window):
                part = i % p.partitions
                futures.append(
                    await producer.send(
                        topic,
                        value=_padded(f'{{"seq":{i},"pad":"', p.message_bytes),
                        key=keys[part % len(keys)],
                        partition=part,
                    )
                )
            await asyncio.wait_for(asyncio.gather(*futures), deadline - time.monotonic())
            sent += window
        seconds = time.perf_counter() - started
    finally:
        await producer.stop()
    return {"count": sent, "seconds": seconds, "rate": _rate(sent, seconds)}


async def _consume(bootstrap: str, topic: str, p: BaselineParams) -> dict:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=1024 * 1024,
    )
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, i) for i in range(p.partitions)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        count = size = 0
        started = time.perf_counter()
        deadline = time.monotonic() + p.deadline_seconds
        while count < p.messages:
            if time.monotonic() > deadline:
                raise BaselineError(f"read {count} of {p.messages} messages before the deadline")
            batches = await consumer.getmany(timeout_ms=500, max_records=10_000)
            for records in batches.values():
                count += len(records)
                size += sum(len(r.value) for r in records)
        seconds = time.perf_counter() - started
    finally:
        await consumer.stop()
    if count != p.messages:
        raise BaselineError(f"read {count} messages back, produced {p.messages}")
    return {"count": count, "bytes": size, "seconds": seconds, "rate": _rate(count, seconds)}


# --- MongoDB ----------------------------------------------------------------------------------


async def _mongo(uri: str, p: BaselineParams) -> dict:
    client = make_client(uri)
    db = client[f"bench_baseline_{uuid.uuid4().hex[:12]}"]
    try:
        await client.admin.command("ping")
        docs, cases, outbox = db["docs"], db["cases"], db["outbox"]
        await docs.create_index("key")
        await db.create_collection("cases")
        await db.create_collection("outbox")
        for i in range(20):  # warm-up: connection pool, first writes
            await db["warmup"].insert_one({"i": i})
        pad = "x" * max(0, p.document_bytes - 60)

        started = time.perf_counter()
        for i in range(p.inserts):
            await docs.insert_one({"key": f"k{i:08d}", "state": PARTICIPANTS[i % 31], "pad": pad})
        insert_s = time.perf_counter() - started

        rng = random.Random(20261125)
        keys = [f"k{rng.randrange(p.inserts):08d}" for _ in range(p.finds)]
        started = time.perf_counter()
        for key in keys:
            if await docs.find_one({"key": key}) is None:
                raise BaselineError(f"find_one lost document {key}")
        find_s = time.perf_counter() - started

        started = time.perf_counter()
        for i in range(p.transactions):
            async with client.start_session() as session:
                async with await session.start_transaction():
                    await cases.insert_one(
                        {"_id": f"case-{i}", "state": "FR", "pad": pad}, session=session
                    )
                    await outbox.insert_one(
                        {"topic": "imi.bench", "case": f"case-{i}", "pad": pad}, session=session
                    )
        tx_s = time.perf_counter() - started
        if await outbox.count_documents({}) != p.transactions:
            raise BaselineError("not every transaction committed its outbox row")
        bulk = await _bulk(db, p, pad)
        batched = await _batched(client, db, p, pad)
    finally:
        try:
            await client.drop_database(db.name)
        finally:
            await client.close()
    return {
        "insert_one": {"count": p.inserts, "seconds": insert_s, "rate": _rate(p.inserts, insert_s)},
        "find_one": {"count": p.finds, "seconds": find_s, "rate": _rate(p.finds, find_s)},
        "transaction": {
            "count": p.transactions,
            "seconds": tx_s,
            "rate": _rate(p.transactions, tx_s),
        },
        "insert_many": bulk,
        "tx_batch": batched,
    }


async def _bulk(db, p: BaselineParams, pad: str) -> dict:
    """Sequential insert_many of `bulk_size` documents into an indexed collection."""
    bulk = db["bulk"]
    await bulk.create_index("key")
    started, written = time.perf_counter(), 0
    while written < p.bulk_documents:
        size = min(p.bulk_size, p.bulk_documents - written)
        await bulk.insert_many(
            [
                {"key": f"b{i:08d}", "state": PARTICIPANTS[i % 31], "pad": pad}
                for i in range(written, written + size)
            ],
            ordered=True,
        )
        written += size
    seconds = time.perf_counter() - started
    if await bulk.count_documents({}) != written:
        raise BaselineError("insert_many lost documents")
    return {"count": written, "seconds": seconds, "rate": _rate(written, seconds)}


async def _batched(client, db, p: BaselineParams, pad: str) -> dict:
    """Sequential transactions of insert_many(batch_size docs) + insert_many(their ids)."""
    copies, processed = db["copies"], db["processed_events"]
    await db.create_collection("copies")
    await db.create_collection("processed_events")
    started = time.perf_counter()
    for t in range(p.batch_transactions):
        ids = [f"{t}:{PARTICIPANTS[i % 31]}:{i}" for i in range(p.batch_size)]
        async with client.start_session() as session:
            async with await session.start_transaction():
                await copies.insert_many(
                    [{"_id": i, "alert": str(t), "pad": pad} for i in ids], session=session
                )
                await processed.insert_many(
                    [{"_id": f"bench-inbox:{i}", "consumer": "bench-inbox"} for i in ids],
                    session=session,
                )
    seconds = time.perf_counter() - started
    docs = p.batch_transactions * p.batch_size
    if await processed.count_documents({}) != docs:
        raise BaselineError("not every batched transaction committed its processed ids")
    return {
        "count": docs,
        "seconds": seconds,
        "rate": _rate(docs, seconds),
        "transactions": p.batch_transactions,
    }


# --- public API -------------------------------------------------------------------------------


async def ameasure_baseline(
    kafka_bootstrap: str, mongo_uri: str, params: BaselineParams | None = None
) -> dict:
    """The baseline figures (see the module docstring) plus their counts and durations."""
    p = params or BaselineParams()
    kafka = await _kafka(kafka_bootstrap, p)
    mongo = await _mongo(mongo_uri, p)
    return {
        "kafka_produce_msg_s": kafka["produce"]["rate"],
        "kafka_consume_msg_s": kafka["consume"]["rate"],
        "mongo_insert_one_s": mongo["insert_one"]["rate"],
        "mongo_find_one_indexed_s": mongo["find_one"]["rate"],
        "mongo_tx_two_writes_s": mongo["transaction"]["rate"],
        "mongo_insert_many_docs_s": mongo["insert_many"]["rate"],
        "mongo_tx_batch_docs_s": mongo["tx_batch"]["rate"],
        "details": {
            "kafka_produce": kafka["produce"],
            "kafka_consume": kafka["consume"],
            "mongo_insert_one": mongo["insert_one"],
            "mongo_find_one_indexed": mongo["find_one"],
            "mongo_tx_two_writes": mongo["transaction"],
            "mongo_insert_many": mongo["insert_many"],
            "mongo_tx_batch": mongo["tx_batch"],
        },
        "params": asdict(p),
    }


def measure_baseline(
    kafka_bootstrap: str, mongo_uri: str, params: BaselineParams | None = None
) -> dict:
    """Synchronous `ameasure_baseline`, for scripts. In a running event loop, await that one."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(ameasure_baseline(kafka_bootstrap, mongo_uri, params))
    raise RuntimeError(
        "measure_baseline() called inside an event loop; use `await ameasure_baseline(...)`"
    )


def ratio(rate: float, baseline: dict, figure: str) -> float:
    """`rate` as a multiple of the baseline `figure` measured in the same run (0.5 = half)."""
    if figure not in FIGURES:
        raise KeyError(f"{figure!r} is not a baseline figure: {sorted(FIGURES)}")
    return rate / baseline[figure]


def format_table(result: dict, title: str = "IMI raw baseline") -> str:
    head = ("measure", "count", "seconds", "rate", "")
    rows = [head]
    for key, (label, unit, detail_key) in FIGURES.items():
        detail = result["details"][detail_key]
        rows.append(
            (label, f"{detail['count']:,}", f"{detail['seconds']:.3f}", f"{result[key]:,.0f}", unit)
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]

    def line(cells) -> str:
        return "  ".join(
            c.ljust(w) if i in (0, 4) else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=False))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([title, line(rows[0]), rule, *(line(r) for r in rows[1:])])
