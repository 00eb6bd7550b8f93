"""At the origin: apply what a recipient state's inbox did (ALR-022..026, ALR-058..060).

The event comes back on the originating state's partition of `imi.alerts.deliveries`. The
domain checks it again on the authoritative alert; the copies learn the result (the acting
state's copy is told which of its actions this confirms, or why the origin refused it).
"""
from __future__ import annotations

import logging

from imi_shared.envelope import Envelope
from imi_shared.mongo import Transaction

from ..adapters.alert_repository import AlertRepository
from ..adapters.delivery_messages import (
    InboxAcknowledged, InboxForwarded, InboxRecipientRemoved, RejectedAction,
)
from ..adapters.publisher import Reply
from ..domain import Alert, DomainError
from .context import AlertsContext
from .unit import not_before

log = logging.getLogger(__name__)

InboxAction = InboxAcknowledged | InboxForwarded | InboxRecipientRemoved


def _apply(alert: Alert, action: InboxAction) -> None:
    now = not_before(alert, action.occurred_at)
    if isinstance(action, InboxAcknowledged):
        alert.acknowledge(action.actor, now)
    elif isinstance(action, InboxForwarded):
        alert.forward_within_ms(action.actor, action.authorities, now)
    else:
        alert.remove_recipient(action.actor, action.authority_id, now)


async def apply_inbox_action(ctx: AlertsContext, action: InboxAction, envelope: Envelope,
                             tx: Transaction) -> None:
    repo = AlertRepository(tx.db, tx.session)
    stored = await repo.find_one(action.alert_id)
    if stored is None:  # another deployment reading this partition holds the alert
        log.info("alert %s does not originate in this deployment", action.alert_id)
        return
    known_before = list(stored.alert.deliveries)
    action_id = str(envelope.event_id)
    try:
        _apply(stored.alert, action)
    except DomainError as exc:
        log.warning("refused %s of %s on alert %s: %s", action.event_type,
                    action.member_state, action.alert_id, exc)
        stored = await repo.get(action.alert_id)  # nothing of the refused action is kept
        reply = Reply(action.member_state, action_id,
                      RejectedAction(action_id=action_id, rule=exc.rule_id, error=exc.message))
        await ctx.publisher.publish(tx, stored, [], known_before=known_before, cause=envelope,
                                    reply=reply)
        await repo.save(stored)
        return
    await ctx.publisher.publish(tx, stored, stored.alert.pull_events(),
                                known_before=known_before, cause=envelope,
                                reply=Reply(action.member_state, action_id))
    await repo.save(stored)
