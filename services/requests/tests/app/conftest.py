"""ONE requests process for the real-server tests of this package (issue 12: the requests
tests stay within their share of `make test`): started once on its own topics and database,
with an injected clock; each test uses authorities, users and requests of its own."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from imi_requests.app import create_app
from imi_requests.settings import RequestsSettings
from imi_shared.topics import Topics, delete_topics, ensure_topics
from imi_testkit import FakeClock
from imi_testkit.apps import running_app


@dataclass
class RunningRequests:
    app: Any
    http: httpx.AsyncClient
    topics: Topics
    db_name: str
    clock: FakeClock

    @property
    def db(self):
        return self.app.state.runtime.uow.client[self.db_name]


@pytest.fixture(scope="package")
async def requests_app(infra, mongo_client) -> AsyncIterator[RunningRequests]:
    unique = uuid.uuid4().hex[:10]
    topics = Topics(prefix=f"t{unique}.")
    db_name = f"test_{unique}"
    clock = FakeClock(datetime.now(UTC))
    await ensure_topics(infra.kafka_bootstrap, topics)
    try:
        async with running_app(
            create_app, RequestsSettings, infra, topics, db_name, clock=clock
        ) as (app, http):
            yield RunningRequests(app, http, topics, db_name, clock)
    finally:
        await delete_topics(infra.kafka_bootstrap, topics)
        await mongo_client.drop_database(db_name)
