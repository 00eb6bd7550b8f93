"""Periodic jobs: one runner for every service's timed work (closure periods, invitation batches,
retention deadlines), driven by the context's clock and run by one replica at a time.

A job is a name, an interval and `run(now)`. Each tick first takes (or renews) the job's lease:
with several replicas of a service, only the lease holder runs the job, and a crashed holder is
replaced after one lease period. Tests call `tick()` with a fake clock instead of waiting for the
loop: the loop is only "tick, then sleep the interval".
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from .clock import Clock, now_utc, system_clock
from .lease import Lease

log = logging.getLogger(__name__)

JobRun = Callable[..., Awaitable[Any]]


class PeriodicJob:
    """`run(now)` every `every`, by the holder of the lease named after the job (if any)."""

    def __init__(
        self,
        name: str,
        every: timedelta,
        run: JobRun,
        *,
        clock: Clock = system_clock,
        lease: Lease | None = None,
    ) -> None:
        if every <= timedelta(0):
            raise ValueError("a periodic job needs a positive interval")
        self.name = name
        self.every = every
        self._run = run
        self.clock = clock
        self.lease = lease
        self.runs = 0  # completed runs, for operators and for tests waiting on a barrier
        self.failures = 0
        self._task: asyncio.Task | None = None

    async def tick(self) -> bool:
        """Run the job once if this replica holds the lease; True when it ran."""
        if self.lease is not None and not await self.lease.acquire():
            return False
        await self._run(now_utc(self.clock))
        self.runs += 1
        return True

    async def _loop(self) -> None:
        while True:
            try:
                await self.tick()
            except asyncio.CancelledError:
                raise
            except Exception:  # the database may be away for a moment: try again next time
                self.failures += 1
                log.exception("periodic job failed", extra={"job": self.name})
            await asyncio.sleep(self.every.total_seconds())

    # the `Background` shape the runtime starts after the broker and stops before it
    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name=f"job:{self.name}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self.lease is not None:
            with contextlib.suppress(Exception):  # a stopped database: the lease just expires
                await self.lease.release()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()
