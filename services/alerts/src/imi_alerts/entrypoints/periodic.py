"""The closure-period job (NOT-045): every `period_check_seconds`, expire the comment and
objection periods that ended by the context's clock (ALR-044, ALR-046, ALR-068, ALR-072).

A kernel `PeriodicJob` holding the lease `job:closure-periods`: with several replicas of a
deployment (one database), one runs the job at a time; a crashed holder is replaced once its
lease expires.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from imi_shared.lease import Lease
from imi_shared.periodic import PeriodicJob

from ..handlers.closing import expire_periods
from ..handlers.context import AlertsContext

JOB_NAME = "closure-periods"
MIN_LEASE = timedelta(seconds=5)


def period_job(ctx: AlertsContext) -> PeriodicJob:
    every = timedelta(seconds=ctx.settings.period_check_seconds)

    async def run(now: datetime) -> int:
        return await expire_periods(ctx, now)

    # the holder renews the lease on every tick: it must outlive the interval between two
    lease = Lease(ctx.uow.db, name=f"job:{JOB_NAME}", ttl=max(MIN_LEASE, 3 * every))
    return PeriodicJob(JOB_NAME, every, run, clock=ctx.clock, lease=lease)
