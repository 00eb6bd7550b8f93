"""Retention's typed context, built once per app by `build_context` (kernel runtime); it also
registers the lock job (a `PeriodicJob` with a lease: one replica runs it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from imi_shared.clock import Clock, system_clock
from imi_shared.periodic import PeriodicJob
from imi_shared.runner import CommandRunner, InTransaction
from imi_shared.runtime import ServiceRuntime

from .adapters.publisher import publisher
from .adapters.record_repository import RecordRepository
from .domain.schedule import Periods
from .settings import RetentionSettings


@dataclass
class RetentionContext:
    settings: RetentionSettings
    uow: object  # imi_shared.mongo.UnitOfWork, or imi_testkit.FakeUnitOfWork in handler tests
    clock: Clock = system_clock
    lock_job: PeriodicJob | None = field(default=None)  # set by entrypoints.jobs

    @property
    def periods(self) -> Periods:
        s = self.settings
        return Periods(
            s.request_lock_months,
            s.solvit_lock_months,
            s.request_delete_months,
            s.alert_delete_months,
        )

    def runner(self, tx=None) -> CommandRunner:
        """The command runner; given `tx` (a consumed event's transaction) it runs inside it."""
        unit = self.uow if tx is None else InTransaction(tx)
        emit = publisher(self.settings.topics).emit
        return CommandRunner(unit, RecordRepository, emit, clock=self.clock)


def build_context(runtime: ServiceRuntime) -> RetentionContext:
    settings = runtime.settings
    assert isinstance(settings, RetentionSettings)
    return RetentionContext(settings, runtime.uow, runtime.clock)
