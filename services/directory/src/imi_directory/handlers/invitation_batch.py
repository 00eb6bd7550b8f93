"""The invitations' night batch (DIR-052, DIR-055, DIR-065..DIR-067, NOT-044, NOT-045) and
the periodic task that runs it on the context's (injectable) clock.

`run_invitation_batch(ctx, now)` does what is due at `now`, each invitation in its own unit of
work, so it is idempotent and safe to run from several replicas at once:
- dispatch: `submitted` invitations whose nightly run (`dispatch_at`, computed by the domain at
  submission: 10:00 cut-off, working days, 23:00 Brussels) has come → `sent_awaiting_registration`
  and `InvitationDispatchDue` for the notifier (blocked ones are never selected); invitations
  the helpdesk unblocked (already `sent_awaiting_registration`, DIR-064) are announced likewise
  at their nightly run;
- remind: 5 days before the code expires, not registered → `InvitationReminderDue` (once);
- expire: 30 days after sending without registration → `expired`.
The periodic task checks every `settings.invitation_batch_check_seconds`, so an invitation
goes out within that delay after its nightly run time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from pymongo.errors import InvalidOperation

from imi_shared.runtime import ServiceRuntime

from ..adapters.invitation_repository import InvitationRepository
from ..adapters.publisher import emit
from ..bootstrap import DirectoryContext
from ..domain.enums import InvitationStatus
from ..domain.errors import DomainError
from ..domain.timeutil import require_aware
from .invitation_events import dispatch_due, reminder_due

log = logging.getLogger(__name__)
EXTRAS_KEY = "invitation_batch"


@dataclass(frozen=True)
class BatchReport:
    dispatched: int = 0
    reminded: int = 0
    expired: int = 0


async def run_invitation_batch(ctx: DirectoryContext, now: datetime) -> BatchReport:
    """Dispatch, remind and expire whatever is due at `now` (aware)."""
    require_aware(now)
    due = (await ctx.uow.run(lambda tx: InvitationRepository(tx).due_ids(now))).value
    done = {}
    for kind, ids in due.items():
        done[kind] = 0
        for invitation_id in ids:
            try:
                done[kind] += await _process(ctx, kind, invitation_id, now)
            except DomainError:  # changed meanwhile (withdrawn, deleted...): next one
                log.info("invitation %s not processed (%s)", invitation_id, kind, exc_info=True)
    return BatchReport(done["dispatch"] + done["announce"], done["remind"], done["expire"])


async def _process(ctx: DirectoryContext, kind: str, invitation_id: str, now: datetime) -> bool:
    async def work(tx) -> bool:
        invitations = InvitationRepository(tx)
        invitation = await invitations.get(invitation_id)
        sent = InvitationStatus.SENT_AWAITING_REGISTRATION
        if kind == "dispatch":
            if invitation.status is not InvitationStatus.SUBMITTED:
                return False
            events = [*invitation.dispatch(now), dispatch_due(invitation)]
            await invitations.save(invitation, dispatch_notified_at=now)
        elif kind == "announce":
            if invitation.status is not sent or not await invitations.mark_notified(
                invitation_id, "dispatch_notified_at", now
            ):
                return False
            events = [dispatch_due(invitation)]
        elif kind == "remind":
            if not invitation.reminder_due(now) or not await invitations.mark_notified(
                invitation_id, "reminder_notified_at", now
            ):
                return False
            events = [reminder_due(invitation)]
        else:
            if invitation.status is not sent:
                return False
            events = invitation.expire(now)
            await invitations.save(invitation)
        emit(tx, ctx.topics, events)
        return True

    return (await ctx.uow.run(work)).value


class InvitationBatchScheduler:
    """Runs the batch every `interval` seconds on `context().clock()` until stopped."""

    def __init__(self, context: Callable[[], DirectoryContext], interval: float) -> None:
        if interval <= 0:
            raise ValueError("the batch interval must be positive")
        self._context = context
        self._interval = interval
        self._task: asyncio.Task | None = None
        self.runs = 0

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name="invitation-batch")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                ctx = self._context()
                await run_invitation_batch(ctx, ctx.clock())
            except InvalidOperation:  # the service shut its database client: stop quietly
                return
            except Exception:
                log.exception("invitation batch failed")
            self.runs += 1


def start_invitation_batch(context: Callable[[], DirectoryContext], interval: float | None = None):
    """An `on_start` hook of `create_service_app`: starts the periodic batch and leaves the
    scheduler in `runtime.extras["invitation_batch"]` (stop it with `stop_invitation_batch`).
    `context` returns the directory context (e.g. `lambda: app.state.directory`); `interval`
    defaults to `settings.invitation_batch_check_seconds`. A later hook replaces an earlier
    one (e.g. a test's faster batch)."""

    async def hook(runtime: ServiceRuntime) -> None:
        await stop_invitation_batch(runtime)
        every = interval or runtime.settings.invitation_batch_check_seconds  # type: ignore
        scheduler = InvitationBatchScheduler(context, every)
        runtime.extras[EXTRAS_KEY] = scheduler
        scheduler.start()

    return hook


async def stop_invitation_batch(runtime: ServiceRuntime) -> None:
    """Stop the periodic batch (for a shutdown hook). Without it, the task ends by itself at
    its next tick once the service has closed its database client."""
    scheduler = runtime.extras.pop(EXTRAS_KEY, None)
    if scheduler is not None:
        await scheduler.stop()
