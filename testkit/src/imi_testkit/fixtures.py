"""pytest plugin shared by every test suite (registered in the root conftest.py)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest

from imi_shared.keys import LocalKeyEncryptionKeys
from imi_shared.mongo import UnitOfWork, make_client
from imi_shared.topics import Topics, delete_topics, ensure_topics

from .infra import Infra, test_infra


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    with test_infra() as servers:
        yield servers


@pytest.fixture(scope="session", autouse=True)
def deployment_kek() -> Iterator[LocalKeyEncryptionKeys]:
    """The test session's key-encryption keyring, generated here and never written to disk:
    `IMI_KEK` for every settings object and subprocess the tests create (services refuse to
    start without a KEK). A KEK already given in the environment is kept."""
    if os.environ.get("IMI_KEK_FILE"):
        yield LocalKeyEncryptionKeys.from_file(os.environ["IMI_KEK_FILE"])
        return
    if os.environ.get("IMI_KEK"):
        yield LocalKeyEncryptionKeys.parse(os.environ["IMI_KEK"])
        return
    keyring = LocalKeyEncryptionKeys.generate("kek-test-session")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("IMI_KEK", keyring.dump())
        yield keyring


@pytest.fixture
def unique() -> str:
    """A short unique token for names of topics, databases and consumer groups."""
    return uuid.uuid4().hex[:10]


@pytest.fixture
async def topics(infra: Infra, unique: str) -> AsyncIterator[Topics]:
    """A fresh, fully created topic catalogue under a prefix of its own, deleted afterwards.

    Deleting matters: a broker holding thousands of left-over partitions gets slower for
    every later test (metadata, group joins).
    """
    catalogue = Topics(prefix=f"t{unique}.")
    await ensure_topics(infra.kafka_bootstrap, catalogue)
    yield catalogue
    await delete_topics(infra.kafka_bootstrap, catalogue)


@pytest.fixture(scope="session")
async def mongo_client(infra: Infra) -> AsyncIterator:
    client = make_client(infra.mongo_uri)
    yield client
    await client.close()


@pytest.fixture
async def db_name(unique: str, mongo_client) -> AsyncIterator[str]:
    """A database of the test's own, dropped afterwards (with the databases named after it,
    `<db_name>_fr`...): an in-memory server that keeps every test's data slows down for all the
    later ones."""
    name = f"test_{unique}"
    yield name
    for existing in await mongo_client.list_database_names():
        if existing == name or existing.startswith(f"{name}_"):
            await mongo_client.drop_database(existing)


@pytest.fixture
async def uow(mongo_client, db_name: str) -> UnitOfWork:
    unit = UnitOfWork(mongo_client, db_name)
    await unit.ensure_indexes()
    return unit
