"""Topic catalogue: every topic's name, partitions, retention and dead-letter companion.

Names carry an optional prefix so tests (and training instances, X-007) get isolated topics on
a shared broker.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from .participants import PARTITION_COUNT

log = logging.getLogger(__name__)

DAY_MS = 24 * 3600 * 1000
DLQ_SUFFIX = ".dlq"


@dataclass(frozen=True)
class TopicSpec:
    base: str
    partitions: int = PARTITION_COUNT
    retention_ms: int = 30 * DAY_MS
    keyed_by_participant: bool = True
    doc: str = ""


# The whole catalogue. Every participant-keyed topic has one partition per participant.
CATALOGUE: tuple[TopicSpec, ...] = (
    TopicSpec("imi.directory.events", doc="authority, user, access, invitation events (X-050)"),
    TopicSpec("imi.requests.events", doc="request lifecycle events (X-051)"),
    TopicSpec("imi.alerts.events", doc="alert lifecycle events, keyed by originating state"),
    TopicSpec("imi.alerts.fanout", doc="broadcast commands: one per alert, to be fanned out"),
    TopicSpec(
        "imi.alerts.deliveries",
        doc="one copy per recipient participant; acknowledgements/forwards back to the sender",
    ),
    TopicSpec("imi.registers.events", doc="register events (X-052)"),
    TopicSpec("imi.retention.events", doc="case.locked / case.pd_deleted (X-052)"),
    TopicSpec("imi.notifier.events", doc="notification sent/failed"),
    TopicSpec("imi.translation.events", doc="catalogue and translation events"),
    TopicSpec(
        "imi.keys.events",
        doc="case_key.shredded: a data key shredded by its owner deployment (imi_shared.keys)",
    ),
)


@dataclass(frozen=True)
class Topics:
    """The catalogue resolved with a name prefix (empty in production)."""

    prefix: str = ""

    def name(self, base: str) -> str:
        if base not in {t.base for t in CATALOGUE}:
            raise KeyError(f"{base!r} is not in the topic catalogue")
        return f"{self.prefix}{base}"

    def dlq(self, topic_name: str) -> str:
        return f"{topic_name}{DLQ_SUFFIX}"

    def all_topics(self) -> list[tuple[str, TopicSpec]]:
        names = []
        for spec in CATALOGUE:
            names.append((self.name(spec.base), spec))
            names.append((self.dlq(self.name(spec.base)), spec))
        return names

    # Shortcuts used by the services
    @property
    def directory_events(self) -> str:
        return self.name("imi.directory.events")

    @property
    def requests_events(self) -> str:
        return self.name("imi.requests.events")

    @property
    def alerts_events(self) -> str:
        return self.name("imi.alerts.events")

    @property
    def alerts_fanout(self) -> str:
        return self.name("imi.alerts.fanout")

    @property
    def alerts_deliveries(self) -> str:
        return self.name("imi.alerts.deliveries")

    @property
    def registers_events(self) -> str:
        return self.name("imi.registers.events")

    @property
    def retention_events(self) -> str:
        return self.name("imi.retention.events")

    @property
    def notifier_events(self) -> str:
        return self.name("imi.notifier.events")

    @property
    def translation_events(self) -> str:
        return self.name("imi.translation.events")

    @property
    def keys_events(self) -> str:
        return self.name("imi.keys.events")


async def ensure_topics(bootstrap: str, topics: Topics) -> list[str]:
    """Create every catalogue topic (and its DLQ) that does not exist yet. Idempotent.

    Returns the names it created.
    """
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(
                name=name,
                num_partitions=spec.partitions,
                replication_factor=1,
                topic_configs={"retention.ms": str(spec.retention_ms)},
            )
            for name, spec in topics.all_topics()
            if name not in existing
        ]
        created = []
        for topic in wanted:
            try:
                await admin.create_topics([topic])
                created.append(topic.name)
            except TopicAlreadyExistsError:
                pass
        if created:
            log.info("created topics", extra={"topics": created})
        return created
    finally:
        await admin.close()


async def delete_topics(bootstrap: str, topics: Topics) -> None:
    """Delete every catalogue topic (and DLQ) of `topics` that exists (tests, teardown)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        names = [name for name, _ in topics.all_topics() if name in existing]
        if names:
            await admin.delete_topics(names)
    finally:
        await admin.close()
