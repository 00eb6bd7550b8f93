"""Retention's typed context, built once per app by `build_context` (kernel runtime); it also
registers the lock job (a `PeriodicJob` with a lease: one replica runs it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from imi_shared.clock import Clock, system_clock
from imi_shared.lease import Lease
from imi_shared.periodic import PeriodicJob
from imi_shared.runner import CommandRunner, InTransaction
from imi_shared.runtime import ServiceRuntime

from .adapters.publisher import publisher
from .adapters.record_repository import RecordRepository
from .domain.schedule import Periods
from .handlers.locking import lock_due_cases
from .settings import RetentionSettings

LOCK_JOB = "retention-lock"


@dataclass
class RetentionContext:
    settings: RetentionSettings
    uow: object  # imi_shared.mongo.UnitOfWork, or imi_testkit.FakeUnitOfWork in handler tests
    clock: Clock = system_clock
    lock_job: PeriodicJob | None = field(default=None)

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


def lock_job(ctx: RetentionContext, lease: Lease | None = None) -> PeriodicJob:
    return PeriodicJob(
        LOCK_JOB,
        timedelta(seconds=ctx.settings.lock_check_seconds),
        lambda now: lock_due_cases(ctx, now),
        clock=ctx.clock,
        lease=lease,
    )


def build_context(runtime: ServiceRuntime) -> RetentionContext:
    settings = runtime.settings
    assert isinstance(settings, RetentionSettings)
    ctx = RetentionContext(settings, runtime.uow, runtime.clock)
    ctx.lock_job = lock_job(ctx, Lease(runtime.uow.db, name=f"job:{LOCK_JOB}"))
    runtime.add_background(ctx.lock_job)
    return ctx
