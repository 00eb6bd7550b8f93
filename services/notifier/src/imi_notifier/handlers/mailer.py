"""The SMTP sender: one run sends what is due in the mail outbox (NOT-001 delivery).

`run_mail_batch(ctx, now)`: the due `pending` rows (oldest first, `mail_batch_size`), each
resolved to an address (read model, at send time), rendered in its language from the
templates, then sent over one SMTP connection. Each mail is marked `sent` in its own unit of
work right after the server accepted it; a failure (refused, timed out, dropped) sets the row's
next attempt by exponential back-off, and the `mail_max_attempts`-th makes it `dead`. The
batch stops at the first SMTP failure: the rest stays due and nothing is lost. A crash between
the server's acceptance and the mark re-sends that one mail (same Message-ID).

Run by the kernel's `PeriodicJob` (`entrypoints.mail_job`) on the context's clock, under a lease:
one sender at a time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import Message

from pymongo.errors import PyMongoError

from imi_shared.sealing import KeyShredded

from ..adapters.addresses import NoAddressYet, NotToBeSent, Prefetched, resolve
from ..adapters.mail_outbox import MailRows, mark
from ..adapters.notification_repository import NotificationRepository
from ..adapters.smtp import SmtpConnection, SmtpUnavailable, build_message
from ..domain import mail_state
from ..domain.mail_values import NOTES, mail_values
from ..domain.rendering import MissingTemplate, render

log = logging.getLogger(__name__)


@dataclass
class MailReport:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    undeliverable: int = 0


def policy(settings) -> mail_state.RetryPolicy:
    return mail_state.RetryPolicy(
        settings.mail_max_attempts,
        timedelta(seconds=settings.mail_backoff_seconds),
        timedelta(seconds=settings.mail_backoff_max_seconds),
    )


class Unrecorded:
    """Mails the server accepted whose `sent` mark failed (a write conflict: a crashed
    predecessor's transaction may hold the row a while). Never sent again by this process; the
    mark is retried at each run. One per sender (the job's lease: one sender at a time)."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[dict, datetime]] = {}

    async def retry(self, ctx) -> None:
        for notification_id, (row, at) in list(self.rows.items()):
            if await _try_mark(ctx, row, mail_state.after_sending(at)):
                del self.rows[notification_id]


async def run_mail_batch(
    ctx, now: datetime, connect=SmtpConnection, unrecorded: Unrecorded | None = None
) -> MailReport:
    report = MailReport()
    unrecorded = unrecorded if unrecorded is not None else Unrecorded()
    await unrecorded.retry(ctx)
    limit = ctx.settings.mail_batch_size + len(unrecorded.rows)
    rows = (await ctx.uow.run(lambda tx: MailRows(tx).due(now, limit))).value or []
    rows = [r for r in rows if r["_id"] not in unrecorded.rows]
    if not rows:
        return report
    ready = (await ctx.uow.run(lambda tx: _prepare(ctx, tx, rows, now, report))).value or []
    if not ready:
        return report
    try:
        async with connect(ctx.settings) as smtp:
            for row, message in ready:
                await smtp.send(message)
                if not await _try_mark(ctx, row, mail_state.after_sending(now)):
                    unrecorded.rows[row["_id"]] = (row, now)
                report.sent += 1
    except SmtpUnavailable as exc:
        done = {row["_id"] for row, _ in ready[: report.sent]}
        for row, _ in ready:
            if row["_id"] not in done:  # the one that failed: back-off; the rest stays due
                await _fail(ctx, row, now, str(exc), report)
                break
        log.warning("smtp unavailable: %s (%d sent this run)", exc, report.sent)
    return report


async def _prepare(ctx, tx, rows, now, report) -> list[tuple[dict, Message]]:
    found = await NotificationRepository(tx).find_many(row["_id"] for row in rows)
    prefetched = await Prefetched().load(tx, list(found.values()))
    ready: list[tuple[dict, Message]] = []
    for row in rows:
        n = found.get(row["_id"])
        try:
            if n is None:
                raise NotToBeSent("the notification is gone")
            delivery = await resolve(tx, ctx.sealer, n, ctx.settings, prefetched)
            notes = {k: _in(ctx.templates.get(f"{k}.body", {}), n) for k in NOTES}
            values = mail_values(n, ctx.settings.imi_base_url, delivery.secrets, notes)
            mail = render(ctx.templates, n.code, n.language, values)
        except (NotToBeSent, KeyShredded) as exc:  # RET-004: a shredded secret is gone for good
            await MailRows(tx).update(row, mail_state.undeliverable(now, _why(exc)))
            report.undeliverable += 1
            continue
        except PyMongoError:
            raise  # the database: the whole run is retried
        except Exception as exc:  # noqa: BLE001 - NoAddressYet, MissingTemplate, a bad secret...
            # one bad row must not hold the queue: it backs off (then `dead`), the rest goes on
            log.warning("mail %s not prepared: %s", row["_id"], type(exc).__name__)
            changes = mail_state.after_failure(row, now, _why(exc), policy(ctx.settings))
            await MailRows(tx).update(row, changes)
            report.failed += 1
            report.dead += changes["status"] == mail_state.DEAD
            continue
        message = build_message(
            ctx.settings.mail_from, delivery.address, mail, n.notification_id, n.code
        )
        ready.append((row, message))
    return ready


def _why(exc: BaseException) -> str:
    """The reason operators see: our own messages, else only the error type (no PD)."""
    own = isinstance(exc, (NotToBeSent, NoAddressYet, MissingTemplate))
    return f"{type(exc).__name__} {exc}" if own else type(exc).__name__


def _in(labels: dict, n) -> str:
    return labels.get(n.language, labels.get("en", ""))


async def _mark(ctx, row: dict, changes: dict) -> None:
    await mark(ctx.uow, row, changes)


async def _try_mark(ctx, row: dict, changes: dict) -> bool:
    try:
        await _mark(ctx, row, changes)
        return True
    except PyMongoError:
        log.warning("could not record mail %s as sent yet", row["_id"], exc_info=True)
        return False


async def _fail(ctx, row: dict, now: datetime, why: str, report: MailReport) -> None:
    changes = mail_state.after_failure(row, now, why, policy(ctx.settings))
    await _mark(ctx, row, changes)
    report.failed += 1
    report.dead += changes["status"] == mail_state.DEAD
