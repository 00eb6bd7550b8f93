"""Helpers of the translation's app tests (the shared ones live in `imi_testkit.apps`)."""

from __future__ import annotations

from contextlib import asynccontextmanager
from functools import partial

from aiokafka import AIOKafkaProducer

from imi_shared.envelope import Envelope
from imi_shared.participants import partition_for
from imi_testkit.apps import bearer, eventually, records_on, running_app
from imi_translation.app import create_app
from imi_translation.settings import TranslationSettings

__all__ = ["bearer", "eventually", "publish_raw", "records_on", "running_translation"]


@asynccontextmanager
async def running_translation(infra, topics, db_name, clock=None, **settings):
    """`settings`: TranslationSettings fields of this run (e.g. mt_engine_url, mt_pairs)."""
    configured = partial(TranslationSettings, **settings)
    async with running_app(create_app, configured, infra, topics, db_name, clock=clock) as pair:
        yield pair


async def publish_raw(bootstrap: str, topic: str, *envelopes: Envelope) -> None:
    """Produce raw `envelopes` as another service would publish them on `topic`: keyed and
    partitioned by their member state."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for envelope in envelopes:
            await producer.send_and_wait(
                topic,
                envelope.to_bytes(),
                key=envelope.member_state.encode(),
                partition=partition_for(envelope.member_state),
            )
    finally:
        await producer.stop()
