"""Helpers of the translation's app tests: the app on the real servers, tokens, polling."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager

import httpx

from imi_shared.auth import Principal, TokenIssuer, load_private_key
from imi_translation.app import create_app
from imi_translation.settings import TranslationSettings


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
    token = TokenIssuer(load_private_key("", "local"), "imi-directory").issue(principal)
    return {"Authorization": f"Bearer {token}"}


@asynccontextmanager
async def running_translation(infra, topics, db_name, clock=None):
    settings = TranslationSettings(
        kafka_bootstrap=infra.kafka_bootstrap,
        mongo_uri=infra.mongo_uri,
        db_name=db_name,
        topic_prefix=topics.prefix,
    )
    app = create_app(settings, **({"clock": clock} if clock else {}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://translation") as http:
            yield app, http
