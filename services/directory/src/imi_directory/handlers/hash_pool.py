"""Hashing off the event loop (issue 9 item 5): argon2 is CPU-bound and releases the GIL, so
the hashes of concurrent logins run in worker threads, at most `settings.hash_threads` at once,
while the event loop keeps answering other requests."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")


class HashPool:
    def __init__(self, threads: int) -> None:
        if threads < 1:
            raise ValueError("the hash pool needs at least one thread")
        self._limiter = anyio.CapacityLimiter(threads)

    @property
    def threads(self) -> int:
        return int(self._limiter.total_tokens)

    async def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        return await anyio.to_thread.run_sync(partial(fn, *args, **kwargs), limiter=self._limiter)
