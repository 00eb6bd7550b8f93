"""Directory app tests: real Kafka + MongoDB (kernel fixtures `infra`, `topics`, `db_name`).

Puts this folder on sys.path so test modules can `from support import ...` (see support.py),
and offers the app as fixtures: `clock` (a MutableClock), `session_topics` and `directory` →
(client, ctx).

`directory` runs every test on ONE topic set per session (`session_topics`), isolated by its
own database: the local broker slows down with every topic set created (app start-up grows
from ~0.3 s to ~20 s after ~25 sets of 18 topics × 31 partitions). Tests that read a topic
filter by their own aggregate ids; tests that need pristine topics use the kernel's `topics`.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest

from imi_shared.topics import Topics, ensure_topics

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from support import MutableClock, directory_app  # noqa: E402 - after the sys.path entry


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock()


@pytest.fixture(scope="session")
async def session_topics(infra) -> Topics:
    catalogue = Topics(prefix=f"s{uuid.uuid4().hex[:10]}.")
    await ensure_topics(infra.kafka_bootstrap, catalogue)
    return catalogue


@pytest.fixture
async def directory(infra, session_topics, db_name, clock):
    async with directory_app(infra, session_topics, db_name, clock=clock) as (client, ctx):
        yield client, ctx
