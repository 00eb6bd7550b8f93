"""What the `make run` demos (demo_alerts.py, demo_requests.py) share: bearer tokens signed
with the local development key (refused when IMI_ENVIRONMENT=production), a checked HTTP call,
polling until a stage happened, and the seeded demo users' ids."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any


def dev_issuer() -> Any:
    """The token issuer a login at the directory would use, on the local development key."""
    from imi_shared.auth import TokenIssuer, load_private_key
    from imi_shared.settings import ServiceSettings

    env = ServiceSettings()
    return TokenIssuer(load_private_key("", env.environment), env.jwt_issuer)


def checked_json(response: Any, tag: str, method: str, path: str, ok=(200, 201)) -> Any:
    """The response's JSON body, or a RuntimeError naming the call when its status is not ok."""
    if response.status_code not in ok:
        raise RuntimeError(
            f"{tag}: {method} {path} answered {response.status_code}: {response.text[:500]}"
        )
    return response.json()


async def until(probe: Callable, what: str, tag: str, timeout: float, interval: float = 0.3):
    """Poll `probe` until it returns something truthy; a RuntimeError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = await probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise RuntimeError(f"{tag}: {what} did not happen within {timeout:g}s")
        await asyncio.sleep(interval)


async def demo_user_ids(client: Any, query: dict[str, Any]) -> dict[str, str]:
    """Usernames → user ids of the seeded demo users matching `query` (tokens name real users)."""
    from imi_directory.settings import DirectorySettings

    users = client[DirectorySettings().db_name]["users"]
    return {d["username"]: d["_id"] async for d in users.find(query, {"username": 1})}
