"""Helpers of the notifier's app tests (the shared ones live in `imi_testkit.apps`)."""

from __future__ import annotations

from contextlib import asynccontextmanager

from imi_notifier.app import create_app
from imi_notifier.settings import NotifierSettings
from imi_testkit.apps import bearer, eventually, records_on, running_app

__all__ = ["bearer", "eventually", "records_on", "running_notifier"]


@asynccontextmanager
async def running_notifier(infra, topics, db_name, clock=None):
    async with running_app(
        create_app, NotifierSettings, infra, topics, db_name, clock=clock
    ) as pair:
        yield pair
