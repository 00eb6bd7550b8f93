"""Helpers every service's app tests share: the app on the real local servers, tokens, polling.

async with running_app(create_app, NotifierSettings, infra, topics, db_name) as (app, http):
    ...
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx

from imi_shared.auth import Principal, TokenIssuer, load_private_key
from imi_shared.envelope import Envelope


async def eventually(probe: Callable[[], Awaitable], *, timeout: float = 15, what: str = "it"):
    """Poll `probe` until it returns something truthy, or fail after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        found = await probe()
        if found:
            return found
        if loop.time() > deadline:
            raise AssertionError(f"{what} not reached within {timeout} s (last: {found!r})")
        await asyncio.sleep(0.05)


def bearer(principal: Principal) -> dict[str, str]:
    """An Authorization header as the directory would sign it (bundled local key)."""
    token = TokenIssuer(load_private_key("", "local"), "imi-directory").issue(principal)
    return {"Authorization": f"Bearer {token}"}


@asynccontextmanager
async def running_app(
    create_app: Callable[..., Any], settings_class: type, infra, topics, db_name, **options: Any
) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    """The service's app started on the test's servers, topics and database, with a client."""
    settings = settings_class(
        kafka_bootstrap=infra.kafka_bootstrap,
        mongo_uri=infra.mongo_uri,
        db_name=db_name,
        topic_prefix=topics.prefix,
    )
    app = create_app(settings, **{k: v for k, v in options.items() if v is not None})
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as http:
            yield app, http


async def records_on(bootstrap: str, topic: str, partition: int, *, timeout: float = 15):
    """The envelopes on one partition of `topic`, read until one arrives or `timeout` passes
    (never bounded by the broker's reported end offsets)."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        tp = TopicPartition(topic, partition)
        consumer.assign([tp])
        await consumer.seek_to_beginning(tp)
        found: list[Envelope] = []

        async def probe():
            batch = await consumer.getmany(tp, timeout_ms=200)
            found.extend(Envelope.from_bytes(r.value) for r in batch.get(tp, []))
            return found

        return await eventually(probe, timeout=timeout, what=f"an event on {topic}")
    finally:
        await consumer.stop()
