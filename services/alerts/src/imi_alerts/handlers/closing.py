"""Two-phase closure by the responsible state (ALR-039..048, ALR-065..074) and the system's
period job (ALR-044 / ALR-046 / ALR-068 / ALR-072)."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from imi_shared.auth import Principal
from imi_shared.mongo import Transaction

from ..adapters.alert_repository import AlertRepository
from ..domain import Actor, Alert, FreeText
from .actors import coordinator_ref
from .context import AlertsContext
from .follow_up import item_id_of
from .unit import Step, not_before, on_alert, plain

log = logging.getLogger(__name__)


async def propose_closure(ctx: AlertsContext, principal: Principal, alert_id: str, *,
                          coordinator_id: str, text: FreeText) -> Alert:
    """ALR-040 / ALR-041 / ALR-065: the comment period starts (X-048 setting)."""

    async def act(alert: Alert, actor: Actor, step: Step) -> None:
        coordinator = await coordinator_ref(step.directory, coordinator_id, "ALR-040")
        alert.propose_closure(actor, coordinator, text, ctx.periods, step.now)

    return await on_alert(ctx, principal, alert_id, act)


async def comment_on_closure(ctx: AlertsContext, principal: Principal, alert_id: str, *,
                             text: FreeText) -> tuple[Alert, str]:
    """ALR-042 / ALR-066. Returns the comment's id."""
    alert = await on_alert(ctx, principal, alert_id, plain(
        lambda alert, actor, step: alert.comment_on_closure(actor, text, step.now)))
    return alert, alert.items[-1].item_id


async def edit_closure_proposal(ctx: AlertsContext, principal: Principal, alert_id: str, *,
                                text: FreeText) -> Alert:
    """ALR-043 / ALR-067."""
    return await on_alert(ctx, principal, alert_id, plain(
        lambda alert, actor, step: alert.edit_closure_proposal(actor, text, step.now)))


async def cancel_closure_proposal(ctx: AlertsContext, principal: Principal, alert_id: str
                                  ) -> Alert:
    """ALR-045 / ALR-067 before its broadcast; ALR-047 / ALR-074 after it."""
    return await on_alert(ctx, principal, alert_id, plain(
        lambda alert, actor, step: alert.cancel_closure_proposal(actor, step.now)))


async def broadcast_closure_proposal(ctx: AlertsContext, principal: Principal, alert_id: str,
                                     *, comment_ids: Sequence[str] | None) -> Alert:
    """ALR-045 / ALR-069: with all (None) or the chosen comments; the objection period starts."""
    chosen = None if comment_ids is None else [item_id_of(alert_id, c) for c in comment_ids]
    return await on_alert(ctx, principal, alert_id, plain(
        lambda alert, actor, step: alert.broadcast_closure_proposal(
            actor, ctx.periods, step.now, chosen)))


async def close(ctx: AlertsContext, principal: Principal, alert_id: str) -> Alert:
    """ALR-047 / ALR-073 (after the objection period, ALR-088)."""
    return await on_alert(ctx, principal, alert_id, plain(
        lambda alert, actor, step: alert.close(actor, step.now)))


async def expire_periods(ctx: AlertsContext, now: datetime) -> int:
    """The system's job (NOT-045): every alert whose comment or objection period ended by
    `now` moves on (ALR-044 / ALR-068) or is flagged (ALR-046 / ALR-072). Idempotent; one
    transaction per alert. Returns how many alerts changed."""
    due = await AlertRepository(ctx.uow.db).due_for_period_check(now)
    changed = 0
    for alert_id in due:
        try:
            if (await ctx.uow.run(lambda tx, a=alert_id: _expire_one(ctx, tx, a, now))).value:
                changed += 1
        except Exception:  # one bad alert must not stop the job for the others
            log.exception("period check failed for alert %s", alert_id)
    return changed


async def _expire_one(ctx: AlertsContext, tx: Transaction, alert_id: str, now: datetime
                      ) -> bool:
    repo = AlertRepository(tx.db, tx.session)
    stored = await repo.get(alert_id)
    known_before = list(stored.alert.deliveries)
    events = stored.alert.expire_periods(not_before(stored.alert, now))
    stored.alert.pull_events()
    await ctx.publisher.publish(tx, stored, events, known_before=known_before)
    await repo.save(stored)  # also clears or moves `period_due_at`
    return bool(events)
