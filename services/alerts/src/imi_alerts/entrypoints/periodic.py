"""The closure-period job (NOT-045): every `period_check_seconds`, expire the comment and
objection periods that ended by the context's clock (ALR-044, ALR-046, ALR-068, ALR-072)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from ..handlers.closing import expire_periods
from ..handlers.context import AlertsContext

log = logging.getLogger(__name__)


class PeriodJob:
    def __init__(self, ctx: AlertsContext) -> None:
        self.ctx = ctx
        self._task: asyncio.Task | None = None

    async def run_once(self) -> int:
        return await expire_periods(self.ctx, self.ctx.now())

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:  # the database may be away for a moment: try again next time
                log.exception("closure period check failed")
            await asyncio.sleep(self.ctx.settings.period_check_seconds)

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="alerts-period-job")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
