"""At the origin: apply what a recipient state's inbox did (ALR-022..026, ALR-058..060), and
the commands other states' deployments relayed (`relay`, ALR-028..031, ALR-040..047).

The event comes back on the originating state's partition of `imi.alerts.deliveries`. The
domain checks it again on the authoritative alert; the copies learn the result (the acting
state's copy is told which of its actions this confirms, or why the origin refused it).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from imi_shared.envelope import Envelope
from imi_shared.mongo import Transaction
from imi_shared.sealing import KeyShredded, Sealer, SealingError

from ..adapters.alert_repository import AlertRepository
from ..adapters.delivery_messages import (
    CommandRelayed,
    InboxAcknowledged,
    InboxForwarded,
    InboxRecipientRemoved,
    RejectedAction,
)
from ..adapters.legacy_messages import CommandRelayedV1
from ..adapters.publisher import Reply
from ..domain import Alert, Conflict, DomainError, Forbidden, InvalidInput, require_visible
from .commands import parse_command
from .context import AlertsContext
from .unit import Step, not_before

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


async def apply_inbox_action(
    ctx: AlertsContext, action: InboxAction, envelope: Envelope, tx: Transaction
) -> None:
    async def apply(alert: Alert, step: Step) -> None:
        _apply(alert, action)

    await settle(ctx, action, envelope, tx, apply)


async def open_arguments(relayed: CommandRelayed | CommandRelayedV1, sealer: Sealer) -> dict:
    """The relayed command's arguments, unsealed under the case key (a 1.0 event: in clear);
    refused (RET-013) once the key is shredded."""
    if isinstance(relayed, CommandRelayedV1):
        return relayed.arguments
    if relayed.sealed_arguments.case_id != relayed.alert_id:
        raise InvalidInput("X-001", "the arguments are sealed for another case")
    try:
        return await sealer.unseal(relayed.sealed_arguments)
    except KeyShredded:
        raise Conflict("RET-013", "the alert's content is deleted: the command is void") from None
    except SealingError as exc:
        raise InvalidInput("X-001", f"the relayed arguments do not open: {exc}") from None


async def apply_relayed_command(
    ctx: AlertsContext,
    relayed: CommandRelayed | CommandRelayedV1,
    envelope: Envelope,
    tx: Transaction,
) -> None:
    """ALR-080 / X-001: a command taken in another state's deployment, applied here by the
    same command object as the local path, as the actor it carries."""

    async def apply(alert: Alert, step: Step) -> None:
        if relayed.actor.member_state != relayed.member_state:
            raise Forbidden("X-001", "a deployment relays only its own state's users")
        require_visible(alert, relayed.actor)  # rights first, at the origin too
        arguments = await open_arguments(relayed, ctx.sealer)
        if not isinstance(arguments, dict):
            raise InvalidInput("X-001", "the relayed arguments are not a JSON object")
        command = parse_command(relayed.command, arguments)
        await command.apply(alert, relayed.actor, step)

    await settle(ctx, relayed, envelope, tx, apply, command=relayed.command)


async def settle(
    ctx: AlertsContext,
    action: InboxAction | CommandRelayed | CommandRelayedV1,
    envelope: Envelope,
    tx: Transaction,
    apply: Callable[[Alert, Step], Awaitable[None]],
    *,
    command: str | None = None,
) -> None:
    """Apply another deployment's action to the alert held here; every copy learns the
    result, and the acting state's copy which action it confirms, or why it was refused."""
    repo = AlertRepository(tx)
    stored = await repo.find(action.alert_id)
    if stored is None:  # another deployment reading this partition holds the alert
        log.info("alert %s does not originate in this deployment", action.alert_id)
        return
    known_before = list(stored.alert.deliveries)
    action_id = str(envelope.event_id)
    step = Step(tx, not_before(stored.alert, action.occurred_at), ctx.periods)
    try:
        await apply(stored.alert, step)
    except DomainError as exc:
        log.warning(
            "refused %s %s of %s on alert %s: %s",
            action.event_type,
            command or "",
            action.member_state,
            action.alert_id,
            exc,
        )
        stored = await repo.get(action.alert_id)  # nothing of the refused action is kept
        reply = Reply(
            action.member_state,
            action_id,
            RejectedAction(
                action_id=action_id, rule=exc.rule_id, error=exc.message, command=command
            ),
        )
        await ctx.publisher.publish(
            tx, stored, [], known_before=known_before, cause=envelope, reply=reply
        )
        await repo.save(stored)
        return
    await ctx.publisher.publish(
        tx,
        stored,
        stored.alert.pull_events(),
        known_before=known_before,
        cause=envelope,
        reply=Reply(action.member_state, action_id),
    )
    await repo.save(stored)
