"""Helpers of the translation's app tests (the shared ones live in `imi_testkit.apps`)."""

from __future__ import annotations

from contextlib import asynccontextmanager
from functools import partial

from imi_testkit.apps import bearer, eventually, records_on, running_app
from imi_translation.app import create_app
from imi_translation.settings import TranslationSettings

__all__ = ["bearer", "eventually", "records_on", "running_translation"]


@asynccontextmanager
async def running_translation(infra, topics, db_name, clock=None, **settings):
    """`settings`: TranslationSettings fields of this run (e.g. mt_engine_url, mt_pairs)."""
    configured = partial(TranslationSettings, **settings)
    async with running_app(create_app, configured, infra, topics, db_name, clock=clock) as pair:
        yield pair
