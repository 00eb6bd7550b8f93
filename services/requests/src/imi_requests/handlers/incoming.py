"""AcceptRequest (REQ-062), RefuseRequest (REQ-063), ForwardRequest (REQ-064, REQ-119) and
SplitRequest (REQ-065, REQ-120), by the responding authority's (allocated) handlers."""

from __future__ import annotations

from collections.abc import Callable

from imi_shared.runner import Result

from ..adapters.event_messages import to_wire
from ..context import RequestsContext, RequestStep
from ..domain import incoming
from ..domain.actors import Actor
from ..domain.request import Request
from ..domain.visibility import view_of
from .base import change, facts, own_facts
from .commands import AcceptRequest, ForwardRequest, RefuseRequest, SplitRequest
from .drafting import give_ref_no, new_request_id
from .relaying import HeldElsewhere, relayable, replication


@relayable
async def accept_request(
    ctx: RequestsContext, command: AcceptRequest, actor: Actor
) -> Result[Request]:
    async def decide(request: Request, step: RequestStep):
        own = await own_facts(step, actor, request.la_code)
        return [
            incoming.accept(
                request, actor, own, command.coordinator_id, command.proposed_deadline, step.now
            )
        ]

    return await change(ctx, command.request_id, actor, decide)


@relayable
async def refuse_request(
    ctx: RequestsContext, command: RefuseRequest, actor: Actor
) -> Result[Request]:
    async def decide(request: Request, step: RequestStep):
        own = await own_facts(step, actor, request.la_code)
        return [incoming.refuse(request, actor, own, command.justification, step.now)]

    return await change(ctx, command.request_id, actor, decide)


@relayable
async def forward_request(
    ctx: RequestsContext, command: ForwardRequest, actor: Actor
) -> Result[Request]:
    async def decide(request: Request, step: RequestStep):
        own = await own_facts(step, actor, request.la_code)
        target = await facts(step, command.target_authority_id, request.la_code)
        return [incoming.forward(request, actor, own, target, command.justification, step.now)]

    return await change(ctx, command.request_id, actor, decide)


@relayable
async def split_request(
    ctx: RequestsContext,
    command: SplitRequest,
    actor: Actor,
    *,
    new_id: Callable[[], str] = new_request_id,
) -> Result[Request]:
    """The original and the new linked request are saved in one transaction."""

    async def decide(request: Request, step: RequestStep):
        view_of(request, actor)
        own = await own_facts(step, actor, request.la_code)
        target = await facts(step, command.target_authority_id, request.la_code)
        held_elsewhere = request.replica_from is not None
        new, (moved, created) = incoming.split(
            request,
            actor,
            own,
            target,
            command.question_codes,
            command.attachment_ids,
            command.justification,
            new_id(),
            step.now,
        )
        if held_elsewhere:
            raise HeldElsewhere(request)
        await give_ref_no(ctx, step, new)  # REQ-120: its own reference number (the owner's count)
        await step.repository.add(new)
        return [
            *await to_wire(ctx.sealer, request, [moved]),
            *await to_wire(ctx.sealer, new, [created]),
            *await replication(ctx, step, request),
            *await replication(ctx, step, new),
        ]

    return await ctx.runner.change(command.request_id, decide)
