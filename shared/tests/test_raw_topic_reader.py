"""Issue 9 (also): test readers must not trust end offsets (the local broker under-reports them)."""

import asyncio

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from imi_testkit.raw_topics import read_raw

RECORDS = 880
PARTITIONS = 4


async def _pipeline(bootstrap: str, topic: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=20)
    await producer.start()
    try:
        sends = [
            await producer.send(topic, b"%d" % i, partition=i % PARTITIONS) for i in range(RECORDS)
        ]
        await asyncio.gather(*sends)
    finally:
        await producer.stop()


async def _read_to_reported_end(bootstrap: str, topic: str) -> int:
    """The old way: stop once each partition's position reaches the reported end offset."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in range(PARTITIONS)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        return sum(ends.values())
    finally:
        await consumer.stop()


async def test_the_raw_reader_gets_every_record_where_end_offsets_fall_short(infra, topics):
    topic = topics.requests_events  # 31 partitions; the records go to the first 4
    await _pipeline(infra.kafka_bootstrap, topic)
    records = await read_raw(infra.kafka_bootstrap, topic, quiet_seconds=2.0)
    assert sorted(int(r.value) for r in records) == list(range(RECORDS))
    reported = await _read_to_reported_end(infra.kafka_bootstrap, topic)
    if infra.kind == "local":  # the quirk this reader exists for: an end-offset reader misses some
        assert reported < RECORDS
    else:  # a genuine Kafka reports the true ends
        assert reported == RECORDS


async def test_with_an_expected_count_the_reader_stops_as_soon_as_it_has_them(infra, topics):
    topic = topics.requests_events
    await _pipeline(infra.kafka_bootstrap, topic)
    records = await read_raw(infra.kafka_bootstrap, topic, expect=RECORDS, timeout=30)
    assert len(records) == RECORDS


async def test_uncommitted_counts_what_a_group_has_not_committed_yet(infra, topics, unique):
    """The barrier of "a late redelivery changes nothing" checks: records past the group's
    committed offset, per partition, from the records themselves."""
    from imi_testkit.raw_topics import uncommitted

    topic, group = topics.notifier_events, f"barrier-{unique}"
    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap)
    await producer.start()
    try:
        for i in range(5):
            await producer.send_and_wait(topic, b"%d" % i, partition=i % 2)
    finally:
        await producer.stop()
    assert await uncommitted(infra.kafka_bootstrap, topic, group) == {0: 3, 1: 2}

    consumer = AIOKafkaConsumer(
        bootstrap_servers=infra.kafka_bootstrap, group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        tp0 = TopicPartition(topic, 0)
        consumer.assign([tp0])
        await consumer.commit({tp0: 2})  # two of partition 0's three records handled
        assert await uncommitted(infra.kafka_bootstrap, topic, group) == {0: 1, 1: 2}
        tp1 = TopicPartition(topic, 1)
        consumer.assign([tp0, tp1])
        await consumer.commit({tp0: 3, tp1: 2})
        assert await uncommitted(infra.kafka_bootstrap, topic, group) == {}
    finally:
        await consumer.stop()
