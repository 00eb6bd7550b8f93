"""The invitations' night batch (DIR-052, DIR-055, DIR-065..DIR-067, NOT-044, NOT-045) and
the periodic job that runs it on the context's (injectable) clock.

`run_invitation_batch(ctx, now)` does what is due at `now`, each invitation in its own unit of
work, so it is idempotent and safe to run from several replicas at once:
- dispatch: `submitted` invitations whose nightly run (`dispatch_at`, computed by the domain at
  submission: 10:00 cut-off, working days, 23:00 Brussels) has come → `sent_awaiting_registration`
  and `InvitationDispatchDue` for the notifier (blocked ones are never selected); invitations
  the helpdesk unblocked (already `sent_awaiting_registration`, DIR-064) are announced likewise
  at their nightly run;
- remind: 5 days before the code expires, not registered → `InvitationReminderDue` (once);
- expire: 30 days after sending without registration → `expired`.
The periodic job (`invitation_batch_job`, a kernel `PeriodicJob` with a lease, so one replica
runs it) checks every `settings.invitation_batch_check_seconds`, so an invitation goes out
within that delay after its nightly run time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from imi_shared.errors import RuleViolation
from imi_shared.lease import Lease
from imi_shared.periodic import PeriodicJob

from ..adapters.invitation_repository import InvitationRepository
from ..adapters.publisher import publish
from ..bootstrap import DirectoryContext
from ..domain.enums import InvitationStatus
from ..domain.timeutil import require_aware
from .invitation_events import dispatch_due, reminder_due

log = logging.getLogger(__name__)


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
            except RuleViolation:  # changed meanwhile (withdrawn, deleted...): next one
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
            events = [await reminder_due(ctx.sealer, invitation)]
        else:
            if invitation.status is not sent:
                return False
            events = invitation.expire(now)
            await invitations.save(invitation)
        await publish(tx, ctx.topics, ctx.sealer, events)
        return True

    return (await ctx.uow.run(work)).value


JOB_NAME = "invitation-batch"


def invitation_batch_job(ctx: DirectoryContext, every: timedelta | None = None) -> PeriodicJob:
    """The night batch as a kernel periodic job on the context's clock: every `every`
    (default `settings.invitation_batch_check_seconds`), run by the one replica holding the
    lease `job:invitation-batch`. Register it with `runtime.add_background` (create_app does)."""
    every = every or timedelta(seconds=ctx.settings.invitation_batch_check_seconds)
    lease = Lease(ctx.uow.db, name=f"job:{JOB_NAME}", ttl=max(every * 3, timedelta(seconds=5)))

    async def run(now: datetime) -> BatchReport:
        return await run_invitation_batch(ctx, now)

    return PeriodicJob(JOB_NAME, every, run, clock=ctx.clock, lease=lease)
