"""Retention's typed context, built once per app by `build_context` (kernel runtime); the jobs
(lock, deletion, reminders: `PeriodicJob`s with a lease) are set by `entrypoints.jobs`."""

from __future__ import annotations

from dataclasses import dataclass, field

from imi_shared.clock import Clock, system_clock
from imi_shared.periodic import PeriodicJob
from imi_shared.runner import CommandRunner, InTransaction
from imi_shared.runtime import ServiceRuntime

from .adapters.keys import Shredder, mongo_shredder
from .adapters.publisher import publisher
from .adapters.record_repository import RecordRepository
from .domain.periods import Periods
from .settings import RetentionSettings


@dataclass
class RetentionContext:
    settings: RetentionSettings
    uow: object  # imi_shared.mongo.UnitOfWork, or imi_testkit.FakeUnitOfWork in handler tests
    clock: Clock = system_clock
    shredder: Shredder | None = None  # RET-013 (adapters.keys); a fake in handler tests
    lock_job: PeriodicJob | None = field(default=None)  # set by entrypoints.jobs
    delete_job: PeriodicJob | None = field(default=None)
    reminder_job: PeriodicJob | None = field(default=None)

    @property
    def periods(self) -> Periods:
        return self.settings.periods()

    def runner(self, tx=None, repository=RecordRepository) -> CommandRunner:
        """The command runner; given `tx` (a consumed event's transaction) it runs inside it."""
        unit = self.uow if tx is None else InTransaction(tx)
        emit = publisher(self.settings.topics).emit
        return CommandRunner(unit, repository, emit, clock=self.clock)


def build_context(runtime: ServiceRuntime) -> RetentionContext:
    settings = runtime.settings
    assert isinstance(settings, RetentionSettings)
    shredder = mongo_shredder(runtime.uow.client, settings)
    return RetentionContext(settings, runtime.uow, runtime.clock, shredder)
