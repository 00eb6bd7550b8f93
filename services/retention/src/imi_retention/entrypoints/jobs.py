"""Retention's periodic jobs, each run by one replica at a time (kernel leases): the lock job
(RET-012), the deletion job (RET-013) and the closure reminders (RET-014)."""

from __future__ import annotations

from datetime import timedelta

from imi_shared.lease import Lease
from imi_shared.periodic import PeriodicJob
from imi_shared.runtime import ServiceRuntime

from ..context import RetentionContext
from ..handlers.locking import delete_due_cases, lock_due_cases, remind_open_cases

LOCK_JOB, DELETE_JOB, REMINDER_JOB = "retention-lock", "retention-delete", "retention-remind"


def _job(ctx: RetentionContext, name: str, run, lease: Lease | None) -> PeriodicJob:
    every = timedelta(seconds=ctx.settings.lock_check_seconds)
    return PeriodicJob(name, every, run, clock=ctx.clock, lease=lease)


def lock_job(ctx: RetentionContext, lease: Lease | None = None) -> PeriodicJob:
    return _job(ctx, LOCK_JOB, lambda now: lock_due_cases(ctx, now), lease)


def delete_job(ctx: RetentionContext, lease: Lease | None = None) -> PeriodicJob:
    return _job(ctx, DELETE_JOB, lambda now: delete_due_cases(ctx, now), lease)


def reminder_job(ctx: RetentionContext, lease: Lease | None = None) -> PeriodicJob:
    return _job(ctx, REMINDER_JOB, lambda now: remind_open_cases(ctx, now), lease)


def register_jobs(runtime: ServiceRuntime) -> None:
    ctx: RetentionContext = runtime.context
    db = runtime.uow.db
    ctx.lock_job = lock_job(ctx, Lease(db, name=f"job:{LOCK_JOB}"))
    ctx.delete_job = delete_job(ctx, Lease(db, name=f"job:{DELETE_JOB}"))
    ctx.reminder_job = reminder_job(ctx, Lease(db, name=f"job:{REMINDER_JOB}"))
    for job in (ctx.lock_job, ctx.delete_job, ctx.reminder_job):
        runtime.add_background(job)
