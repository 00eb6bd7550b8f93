"""Two-phase closure by the responsible state (ALR-039..048, ALR-065..074) and the system's
period job (ALR-044 / ALR-046 / ALR-068 / ALR-072). The responsible state need not be the
origin (ALR-007): its steps may be relayed from its own deployment (`relay`)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from imi_shared.auth import Principal

from ..adapters.alert_repository import AlertRepository, StoredAlert
from ..adapters.publisher import Publication
from ..domain import AlertEvent, FreeText
from .commands import (
    BroadcastClosureProposal,
    CancelClosureProposal,
    Close,
    CommentOnClosure,
    EditClosureProposal,
    ProposeClosure,
)
from .context import AlertsContext
from .relay import Applied, Relayed, run_command
from .unit import Step, alerts_runner, not_before, publishing

log = logging.getLogger(__name__)


async def propose_closure(
    ctx: AlertsContext, principal: Principal, alert_id: str, *, coordinator_id: str, text: FreeText
) -> Applied | Relayed:
    """ALR-040 / ALR-041 / ALR-065: the comment period starts (X-048 setting)."""
    return await run_command(
        ctx, principal, alert_id, ProposeClosure(coordinator_id=coordinator_id, text=text)
    )


async def comment_on_closure(
    ctx: AlertsContext, principal: Principal, alert_id: str, *, text: FreeText
) -> Applied | Relayed:
    """ALR-042 / ALR-066. Applied: the comment's id."""
    return await run_command(ctx, principal, alert_id, CommentOnClosure(text=text))


async def edit_closure_proposal(
    ctx: AlertsContext, principal: Principal, alert_id: str, *, text: FreeText
) -> Applied | Relayed:
    """ALR-043 / ALR-067."""
    return await run_command(ctx, principal, alert_id, EditClosureProposal(text=text))


async def cancel_closure_proposal(
    ctx: AlertsContext, principal: Principal, alert_id: str
) -> Applied | Relayed:
    """ALR-045 / ALR-067 before its broadcast; ALR-047 / ALR-074 after it."""
    return await run_command(ctx, principal, alert_id, CancelClosureProposal())


async def broadcast_closure_proposal(
    ctx: AlertsContext, principal: Principal, alert_id: str, *, comment_ids: Sequence[str] | None
) -> Applied | Relayed:
    """ALR-045 / ALR-069: with all (None) or the chosen comments; the objection period starts."""
    return await run_command(
        ctx,
        principal,
        alert_id,
        BroadcastClosureProposal(comment_ids=None if comment_ids is None else tuple(comment_ids)),
    )


async def close(ctx: AlertsContext, principal: Principal, alert_id: str) -> Applied | Relayed:
    """ALR-047 / ALR-073 (after the objection period, ALR-088)."""
    return await run_command(ctx, principal, alert_id, Close())


async def expire_periods(ctx: AlertsContext, now: datetime) -> int:
    """The system's job (NOT-045): every alert whose comment or objection period ended by
    `now` moves on (ALR-044 / ALR-068) or is flagged (ALR-046 / ALR-072). Idempotent; one
    transaction per alert. Returns how many alerts changed."""
    due = (await ctx.uow.run(lambda tx: AlertRepository(tx).due_for_period_check(now))).value
    changed = 0
    for alert_id in due or ():
        try:
            if await _expire_one(ctx, alert_id, now):
                changed += 1
        except Exception:  # one bad alert must not stop the job for the others
            log.exception("period check failed for alert %s", alert_id)
    return changed


async def _expire_one(ctx: AlertsContext, alert_id: str, now: datetime) -> bool:
    prepared: list[Publication] = []

    async def decide(stored: StoredAlert, step: Step) -> list[AlertEvent]:
        known_before = list(stored.alert.deliveries)
        stored.alert.expire_periods(not_before(stored.alert, now))
        return await publishing(ctx, prepared, stored, known_before)

    result = await alerts_runner(ctx, prepared).change(alert_id, decide)  # moves period_due_at
    return bool(result.envelopes)
