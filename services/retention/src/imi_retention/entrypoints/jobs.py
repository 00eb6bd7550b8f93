"""Retention's periodic job: lock (and later delete) the cases whose period ended (RET-003,
X-042), run by one replica at a time (the kernel lease `job:retention-lock`)."""

from __future__ import annotations

from datetime import timedelta

from imi_shared.lease import Lease
from imi_shared.periodic import PeriodicJob
from imi_shared.runtime import ServiceRuntime

from ..context import RetentionContext
from ..handlers.locking import lock_due_cases

LOCK_JOB = "retention-lock"


def lock_job(ctx: RetentionContext, lease: Lease | None = None) -> PeriodicJob:
    return PeriodicJob(
        LOCK_JOB,
        timedelta(seconds=ctx.settings.lock_check_seconds),
        lambda now: lock_due_cases(ctx, now),
        clock=ctx.clock,
        lease=lease,
    )


def register_jobs(runtime: ServiceRuntime) -> None:
    ctx: RetentionContext = runtime.context
    ctx.lock_job = lock_job(ctx, Lease(runtime.uow.db, name=f"job:{LOCK_JOB}"))
    runtime.add_background(ctx.lock_job)
