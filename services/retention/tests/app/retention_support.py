"""Helpers of the retention's app tests (the shared ones live in `imi_testkit.apps`)."""

from __future__ import annotations

from contextlib import asynccontextmanager

from imi_retention.app import create_app
from imi_retention.settings import RetentionSettings
from imi_testkit.apps import bearer, eventually, records_on, running_app

__all__ = ["bearer", "eventually", "records_on", "running_retention"]


@asynccontextmanager
async def running_retention(infra, topics, db_name, clock=None):
    async with running_app(
        create_app, RetentionSettings, infra, topics, db_name, clock=clock
    ) as pair:
        yield pair
