"""A command on an alert held here, or relayed to the deployment that holds it.

The alert lives only in its originating state's deployment (ALR-080 data, X-001 tenancy). A
user of a state served elsewhere acts on the copy its state holds: this deployment checks what
it can (the caller is served here, its state holds a delivered copy, the actor from the
directory read model may act, the coordinator it names exists), records a pending action on
the copy, and emits ONE `alert.command_relayed` to the origin's partition of
`imi.alerts.deliveries`, in the same transaction (outbox: an accepted command is never lost).
Its arguments (the command's texts) travel sealed under the case key (issue 9; X-009,
RET-004); once that key is shredded nothing of the alert may travel, so the command is refused.
The origin applies it with the same command object (`relayed_commands`) and answers the copy.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from imi_shared.auth import Principal
from imi_shared.envelope import Envelope
from imi_shared.mongo import Transaction
from imi_shared.participants import partition_for
from imi_shared.sealing import KeyShredded

from ..adapters.alert_repository import AlertNotHere
from ..adapters.delivery_messages import CommandRelayed
from ..adapters.directory_view import DirectoryView
from ..adapters.inbox_repository import InboxRepository
from ..adapters.publisher import PRODUCER
from ..copies.actions import RelayedAction
from ..domain import Actor, Alert, AlertUnknown, Conflict
from ..domain.rights import require_may_act
from .actors import actor_for
from .commands import AlertCommand
from .context import AlertsContext
from .unit import Step, on_alert


@dataclass(frozen=True)
class Applied:
    """The command ran here; `item_id` is the item it created or changed, if any."""

    alert: Alert
    item_id: str | None = None


@dataclass(frozen=True)
class Relayed:
    """The command went to the origin's deployment (HTTP 202); its answer reaches the copy."""

    alert_id: str
    number: str | None
    action_id: str


async def run_command(
    ctx: AlertsContext, principal: Principal, alert_id: str, command: AlertCommand
) -> Applied | Relayed:
    """Apply `command` here if the alert is held here, else relay it to its origin."""
    results: list[str | None] = []

    async def action(alert: Alert, actor: Actor, step: Step) -> None:
        results.append(await command.apply(alert, actor, step))

    try:
        alert = await on_alert(ctx, principal, alert_id, action)
    except AlertNotHere:
        outcome = await ctx.uow.run(lambda tx: relay(ctx, tx, principal, alert_id, command))
        assert outcome.value is not None
        return outcome.value
    return Applied(alert, results[-1])


async def relay(
    ctx: AlertsContext, tx: Transaction, principal: Principal, alert_id: str, command: AlertCommand
) -> Relayed:
    repo = InboxRepository(tx.db, tx.session)
    stored = await repo.find_one(alert_id, principal.member_state)
    copy = stored.copy if stored is not None else None
    if copy is None or not copy.delivered or copy.origin_ms in ctx.settings.scope:
        raise AlertUnknown()  # X-010 / ALR-080
    assert stored is not None and copy.origin_ms is not None
    directory = DirectoryView(tx.db, tx.session)
    actor = await actor_for(principal, directory)
    require_may_act(actor)  # ALR-013, X-003; roles and rights are the origin's to check
    await command.check(directory)
    try:
        sealed = await ctx.sealer.seal(alert_id, command.model_dump(mode="json"))
    except KeyShredded:
        raise Conflict("RET-013", "the alert's content is deleted: nothing more is sent") from None
    action = RelayedAction(
        action_id=str(uuid.uuid4()), command=command.name, actor=actor, at=ctx.now()
    )
    copy.relay(action)
    await repo.save(stored)
    event = CommandRelayed(
        alert_id=alert_id,
        number=copy.number,
        origin_ms=copy.origin_ms,
        member_state=copy.participant,
        actor=actor,
        occurred_at=action.at,
        command=command.name,
        sealed_arguments=sealed,
    )
    envelope = Envelope.wrap(
        event,
        producer=PRODUCER,
        member_state=copy.participant,
        occurred_at=action.at,
    )
    tx.emit(
        envelope.model_copy(update={"event_id": uuid.UUID(action.action_id)}),
        ctx.topics.alerts_deliveries,
        key=alert_id,
        partition=partition_for(copy.origin_ms),
    )
    return Relayed(alert_id, copy.number, action.action_id)
