"""One all-scope alerts deployment for the whole session, on the real broker and database.

Its topics have a prefix of their own, its directory read model is seeded through
`imi.directory.events` with `standard_authorities()` of every EEA state, and its clock is a
`FakeClock` (closure periods of 14 days pass in a test). Tests isolate themselves by working on
alerts of their own; they move the clock only forward.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from imi_alerts.app import create_app
from imi_alerts.settings import AlertsSettings
from imi_alerts_testkit import (
    AlertsApi,
    SeedAuthority,
    eventually,
    seed_directory,
    standard_authorities,
)
from imi_shared.mongo import make_client
from imi_shared.participants import EEA_MEMBER_STATES
from imi_shared.periodic import PeriodicJob
from imi_shared.topics import Topics, ensure_topics
from imi_testkit import FakeClock


@dataclass
class Deployment:
    app: object
    api: AlertsApi
    settings: AlertsSettings
    clock: FakeClock
    topics: Topics | None = None

    @property
    def ctx(self):
        return self.app.state.context

    @property
    def db(self):
        return self.app.state.runtime.uow.db

    @property
    def period_job(self) -> PeriodicJob:
        (job,) = [p for p in self.app.state.runtime.background if isinstance(p, PeriodicJob)]
        return job

    async def pass_time(self, **delta: float) -> None:
        """Move the (shared) clock on and run the closure-period job once (NOT-045)."""
        self.clock.advance(timedelta(**delta))
        assert await self.period_job.tick()


def wall_clock() -> FakeClock:
    """A fake clock starting now (tokens and copies are checked against the real time)."""
    return FakeClock(datetime.now(UTC))


async def directory_known(deployment: Deployment, authority_ids: Iterable[str]) -> None:
    ids = list(authority_ids)

    async def all_there():
        return await deployment.db.directory_view.count_documents({"_id": {"$in": ids}}) == len(ids)

    await eventually(all_there, timeout=30, what="directory read model seeded")


@asynccontextmanager
async def running(
    infra, topics: Topics, clock: FakeClock | None = None, **settings
) -> AsyncIterator[Deployment]:
    unique = uuid.uuid4().hex[:8]
    values = dict(
        kafka_bootstrap=infra.kafka_bootstrap,
        mongo_uri=infra.mongo_uri,
        db_name=f"alerts_{unique}",
        topic_prefix=topics.prefix,
        keys_db_name=f"keys_{topics.prefix.strip('.')}",
        period_check_seconds=1,
    )
    values.update(settings)
    config = AlertsSettings(**values)
    clock = clock or wall_clock()
    app = create_app(config, clock=clock)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://alerts") as http:
                yield Deployment(app, AlertsApi(http), config, clock, topics)
    finally:  # the session's in-memory server would otherwise keep every copy of every test
        client = make_client(config.mongo_uri)
        try:
            await client.drop_database(config.db_name)
        finally:
            await client.close()


async def fresh_topics(infra) -> Topics:
    topics = Topics(prefix=f"a{uuid.uuid4().hex[:8]}.")
    await ensure_topics(infra.kafka_bootstrap, topics)
    return topics


FULL_STATES = ("FR", "DE", "BE", "IT")
EXTRA_AUTHORITIES = [
    SeedAuthority("FR-SUSP", "FR", status="suspended", associated_coordinator_ids=("FR-C",)),
    SeedAuthority("FR-NONE", "FR", role="none"),
    SeedAuthority("FR-DIR-C", "FR", "alert_coordinator"),  # changed by test_directory_view
    SeedAuthority("FR-DIR-A", "FR", associated_coordinator_ids=("FR-DIR-C",)),
    SeedAuthority("FR-DIR-C2", "FR", "alert_coordinator"),
    SeedAuthority("FR-DIR-A2", "FR", associated_coordinator_ids=("FR-DIR-C2",)),
]


def session_authorities() -> list[SeedAuthority]:
    """Every authority of `standard_authorities()` in FULL_STATES, a mailbox in every other
    EEA state (so an alert can be broadcast to ALL), and a few odd ones."""
    mailboxes = [
        SeedAuthority(f"{ms}-INBOX", ms, "alert_coordinator", is_alert_inbox=True)
        for ms in EEA_MEMBER_STATES
        if ms not in FULL_STATES
    ]
    return standard_authorities(FULL_STATES) + mailboxes + EXTRA_AUTHORITIES


@pytest.fixture(scope="session")
async def world(infra) -> AsyncIterator[Deployment]:
    topics = await fresh_topics(infra)
    authorities = session_authorities()
    await seed_directory(infra.kafka_bootstrap, topics, authorities)
    async with running(infra, topics) as deployment:
        await directory_known(deployment, [a.authority_id for a in authorities])
        yield deployment


@pytest.fixture
def api(world) -> AlertsApi:
    return world.api


@pytest.fixture
def user():
    return AlertsApi.user


async def read_topic(bootstrap: str, topic: str, partitions: Iterable[int]) -> list:
    """Every record now on `partitions` of `topic` (no consumer group)."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None
    )
    await consumer.start()
    try:
        assigned = [TopicPartition(topic, p) for p in partitions]
        consumer.assign(assigned)
        await consumer.seek_to_beginning(*assigned)
        ends = await consumer.end_offsets(assigned)
        records = []
        while [tp for tp in assigned if await consumer.position(tp) < ends[tp]]:
            batch = await consumer.getmany(*assigned, timeout_ms=200)
            for tp_records in batch.values():
                records.extend(tp_records)
        return records
    finally:
        await consumer.stop()
