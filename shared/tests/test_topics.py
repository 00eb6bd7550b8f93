"""The topic catalogue on a real broker: created idempotently, deleted on request (the test
fixture deletes each test's catalogue so the broker does not pile up partitions)."""

from __future__ import annotations

from aiokafka.admin import AIOKafkaAdminClient

from imi_shared.participants import PARTICIPANTS
from imi_shared.topics import Topics, delete_topics, ensure_topics


async def _names(bootstrap: str, prefix: str) -> set[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return {t for t in await admin.list_topics() if t.startswith(prefix)}
    finally:
        await admin.close()


async def test_catalogue_is_created_once_with_a_partition_per_participant_then_deleted(
    infra, unique
):
    catalogue = Topics(prefix=f"d{unique}.")
    expected = {name for name, _ in catalogue.all_topics()}
    assert (
        catalogue.alerts_deliveries in expected
        and catalogue.dlq(catalogue.alerts_deliveries) in expected
    )

    assert set(await ensure_topics(infra.kafka_bootstrap, catalogue)) == expected
    assert await ensure_topics(infra.kafka_bootstrap, catalogue) == []  # idempotent
    assert await _names(infra.kafka_bootstrap, catalogue.prefix) == expected
    assert all(spec.partitions == len(PARTICIPANTS) for _, spec in catalogue.all_topics())

    await delete_topics(infra.kafka_bootstrap, catalogue)
    assert await _names(infra.kafka_bootstrap, catalogue.prefix) == set()
    await delete_topics(infra.kafka_bootstrap, catalogue)  # nothing left: no error
