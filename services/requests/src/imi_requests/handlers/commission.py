"""The Commission's part in individual derogations (REQ-122): `commission_derogations`' list of
the delivered notifications and its contrary decision, which replaces the "+15 days" date
(REQ-104). The decision is a command on the request: at a replica it is relayed to the owner
(X-001), which records it and relays the derogation part back with the request's new state,
so that a decision taken on a replica is never lost under the owner's next state."""

from __future__ import annotations

from dataclasses import dataclass

from imi_shared.errors import Forbidden, NotFound
from imi_shared.runner import Result

from ..adapters.derogation_store import DerogationStore
from ..context import RequestsContext, RequestStep
from ..domain import derogation_decision as dd
from ..domain import derogations as d
from ..domain.actors import Actor
from ..domain.request import FreeText, Request
from .relaying import HeldElsewhere, relayable, replication


@dataclass(frozen=True)
class RecordDecision:
    request_id: str
    text: FreeText


@relayable
async def record_decision(
    ctx: RequestsContext, command: RecordDecision, actor: Actor
) -> Result[Request]:
    """REQ-122: rights before state (absent, not the Commission's or not a derogation: 404)."""

    async def decide(request: Request, step: RequestStep):
        store = DerogationStore.of(step.tx)
        current = await store.get(command.request_id)
        if current is None or not dd.is_commission_derogations(actor):
            raise NotFound("X-010", f"no request {command.request_id!r}")  # absent or not yours
        current = dd.delivered_as_recorded(current, request)  # whether or not consumed yet
        decided = dd.record_decision(current, actor, command.text, step.now)
        if request.replica_from is not None:
            raise HeldElsewhere(request)  # checked here; the owner records it
        await store.put(decided)
        return await replication(ctx, step, request)  # the other side's copy shows it too

    return await ctx.runner.change(command.request_id, decide)


async def delivered_notifications(
    ctx: RequestsContext, actor: Actor, limit: int, offset: int
) -> list[d.Derogation]:
    """REQ-122: `commission_derogations`' list of delivered notifications."""
    if not dd.is_commission_derogations(actor):
        raise Forbidden("REQ-122", "only commission_derogations reads the notifications")

    async def read(tx):
        return await DerogationStore.of(tx).delivered(limit, offset)

    return (await ctx.uow.run(read)).value or []
