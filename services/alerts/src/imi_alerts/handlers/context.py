"""What every handler needs, built once per process by `imi_alerts.app` (no global state)."""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from imi_shared.clock import Clock, now_utc, system_clock
from imi_shared.keys import KeySharing
from imi_shared.mongo import UnitOfWork
from imi_shared.sealing import Sealer

from ..adapters.publisher import AlertPublisher
from ..domain import ClosurePeriods
from ..settings import AlertsSettings


@dataclass
class AlertsContext:
    settings: AlertsSettings
    uow: UnitOfWork
    sealer: Sealer
    clock: Clock = system_clock
    key_sharing: KeySharing | None = None  # None: one key store shared by the deployments

    @property
    def topics(self):
        return self.settings.topics

    @property
    def publisher(self) -> AlertPublisher:
        owner = self.key_sharing.deployment_id if self.key_sharing is not None else None
        return AlertPublisher(self.topics, self.sealer, owner)

    @functools.cached_property
    def command_slots(self) -> asyncio.Semaphore:
        """How many origin commands run their transaction at once (`command_concurrency`)."""
        return asyncio.Semaphore(self.settings.command_concurrency)

    def now(self) -> datetime:
        return now_utc(self.clock)

    @property
    def periods(self) -> ClosurePeriods:
        """X-048: the closure periods, from this deployment's settings."""
        return ClosurePeriods(
            comment=timedelta(days=self.settings.closure_comment_days),
            objection=timedelta(days=self.settings.closure_objection_days),
        )
