"""Read every raw record of a topic without trusting the broker's end offsets.

The local Kafka-protocol broker answers `ListOffsets(latest)` with where a partition's LAST
BATCH starts + 1, not its last offset + 1: a reader that stops "at the end offsets" silently
misses the tail of each partition (see LOCAL-INFRA.md). This reader stops when it has `expect`
records, or when the topic stayed quiet for `quiet_seconds` -- never at a reported end.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict

from aiokafka import AIOKafkaConsumer, TopicPartition

from imi_shared.participants import PARTITION_COUNT


async def read_raw(
    bootstrap: str,
    topic: str,
    *,
    expect: int | None = None,
    quiet_seconds: float = 1.5,
    timeout: float = 60.0,
    partitions: int = PARTITION_COUNT,
) -> list:
    """Every record of `topic`, in offset order per partition (partitions in order)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False
    )
    await consumer.start()
    by_partition: dict[int, list] = defaultdict(list)
    loop = asyncio.get_running_loop()
    try:
        assigned = [TopicPartition(topic, p) for p in range(partitions)]
        consumer.assign(assigned)
        await consumer.seek_to_beginning(*assigned)
        deadline, quiet_since = loop.time() + timeout, loop.time()
        while loop.time() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            for tp, records in batch.items():
                by_partition[tp.partition].extend(records)
            total = sum(len(r) for r in by_partition.values())
            if expect is not None and total >= expect:
                break
            if batch:
                quiet_since = loop.time()
            elif expect is None and loop.time() - quiet_since >= quiet_seconds:
                break
    finally:
        await consumer.stop()
    return [r for p in sorted(by_partition) for r in by_partition[p]]


async def uncommitted(
    bootstrap: str, topic: str, group: str, *, partitions: int = PARTITION_COUNT
) -> dict[int, int]:
    """Records of `topic` past `group`'s committed offset, per partition (only those with some).

    Empty means the group has committed every record it could be handed: nothing can be
    redelivered to it any more (a barrier for "a late redelivery changes nothing" checks).
    The last offsets come from the records themselves (`read_raw`), not from the broker's
    under-reported end offsets."""
    from aiokafka.admin import AIOKafkaAdminClient

    last: dict[int, int] = {}
    for record in await read_raw(bootstrap, topic, quiet_seconds=1.0, partitions=partitions):
        last[record.partition] = max(last.get(record.partition, -1), record.offset)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        tps = [TopicPartition(topic, p) for p in sorted(last)]
        committed = await admin.list_consumer_group_offsets(group, partitions=tps) if tps else {}
    finally:
        await admin.close()
    behind = {}
    for p, offset in last.items():
        meta = committed.get(TopicPartition(topic, p))
        done = meta.offset if meta is not None and meta.offset >= 0 else 0
        if done <= offset:
            behind[p] = offset + 1 - done
    return behind
