"""The SMTP sender as a kernel `PeriodicJob` on the context's clock (lease `job:mail-sender`:
one replica sends at a time; a crashed holder is replaced after `mail_lease_seconds`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from imi_shared.lease import Lease
from imi_shared.periodic import PeriodicJob

from ..context import NotifierContext
from ..handlers.mailer import MailReport, Unrecorded, run_mail_batch

JOB_NAME = "mail-sender"


def mail_job(ctx: NotifierContext) -> PeriodicJob:
    every = timedelta(seconds=ctx.settings.mail_poll_seconds)
    ttl = timedelta(seconds=ctx.settings.mail_lease_seconds)
    lease = Lease(ctx.uow.db, name=f"job:{JOB_NAME}", ttl=ttl)
    unrecorded = Unrecorded()  # this sender's accepted-but-unmarked mails (never re-sent)

    async def run(now: datetime) -> MailReport:
        total = MailReport()
        while True:  # drain what is due, one batch at a time, then sleep the interval
            report = await run_mail_batch(ctx, now, unrecorded=unrecorded)
            for name in ("sent", "failed", "dead", "undeliverable"):
                setattr(total, name, getattr(total, name) + getattr(report, name))
            if report.sent < ctx.settings.mail_batch_size or not await lease.acquire():
                return total

    return PeriodicJob(JOB_NAME, every, run, clock=ctx.clock, lease=lease)


async def ensure_mail_indexes(runtime) -> None:
    db = runtime.uow.db
    await db["mail_outbox"].create_index([("status", 1), ("next_attempt_at", 1)])
    await db["notifications"].create_index([("recipient_id", 1), ("queued_at", -1)])
