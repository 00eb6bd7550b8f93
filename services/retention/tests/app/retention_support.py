"""Helpers of the retention's app tests (the shared ones live in `imi_testkit.apps`)."""

from __future__ import annotations

from contextlib import asynccontextmanager

from imi_retention.app import create_app
from imi_retention.settings import RetentionSettings
from imi_shared.keys.local import LocalKeyEncryptionKeys
from imi_testkit.apps import bearer, eventually, records_on, running_app

__all__ = ["KEK", "bearer", "eventually", "keys_db", "records_on", "running_retention"]


KEK = LocalKeyEncryptionKeys.generate()  # the test deployment's key-encryption key


def keys_db(db_name: str) -> str:
    """The test's own key store database (dropped with `db_name`)."""
    return f"{db_name}_keys"


@asynccontextmanager
async def running_retention(infra, topics, db_name, clock=None):
    def settings(**values) -> RetentionSettings:
        return RetentionSettings(**values, kek=KEK.dump(), keys_db_name=keys_db(db_name))

    async with running_app(create_app, settings, infra, topics, db_name, clock=clock) as pair:
        yield pair
