"""The report deletion job (REQ-098, REQ-118, RET-010): every `report_sweep_seconds`, delete
the generated reports whose day has come by the context's clock. A kernel `PeriodicJob`
holding the lease `job:report-deletion`, so one replica of a deployment runs it at a time."""

from __future__ import annotations

from datetime import datetime, timedelta

from imi_shared.lease import Lease
from imi_shared.periodic import PeriodicJob

from ..context import RequestsContext
from ..handlers.reports import delete_due

JOB_NAME = "report-deletion"
MIN_LEASE = timedelta(seconds=5)


def report_deletion_job(ctx: RequestsContext) -> PeriodicJob:
    every = timedelta(seconds=ctx.settings.report_sweep_seconds)

    async def run(now: datetime) -> int:
        return await delete_due(ctx, now)

    lease = Lease(ctx.uow.db, name=f"job:{JOB_NAME}", ttl=max(MIN_LEASE, 3 * every))
    return PeriodicJob(JOB_NAME, every, run, clock=ctx.clock, lease=lease)
