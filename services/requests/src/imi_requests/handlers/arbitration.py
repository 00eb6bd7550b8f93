"""Arbitration (§4.7: REQ-039..REQ-044; rows REQ-077, REQ-078, REQ-081..REQ-088) and the
change of responding coordinator (REQ-091), by the requesting handler, the arbiters of the
coordinator selected for the side (REQ-121) and the responding handler."""

from __future__ import annotations

from imi_shared.runner import Result

from ..context import RequestsContext, RequestStep
from ..domain import replies
from ..domain.actors import Actor
from ..domain.request import Request
from ..domain.request import RequestStatus as S
from . import exchange_commands as x
from .base import change, facts, own_facts
from .relaying import relayable


@relayable
async def refer_to_arbitration(
    ctx: RequestsContext, command: x.ReferToArbitration, actor: Actor
) -> Result[Request]:
    """REQ-039: the scenario is read from both coordinators' parameters now."""

    async def decide(request: Request, step: RequestStep):
        requesting = await facts(step, request.requesting_coordinator_id, request.la_code)
        responding = await facts(step, request.responding_coordinator_id, request.la_code)
        return [replies.maintain(request, actor, requesting, responding, step.now)]

    return await change(ctx, command.request_id, actor, decide)


@relayable
async def arbitrate(ctx: RequestsContext, command: x.Arbitrate, actor: Actor) -> Result[Request]:
    async def decide(request: Request, step: RequestStep):
        coordinator_id = (
            request.responding_coordinator_id
            if request.status is S.ARBITRATION_RESPONDING_COORDINATOR
            else request.requesting_coordinator_id
        )
        coordinator = await facts(step, coordinator_id, request.la_code)
        return [replies.arbitrate(request, actor, coordinator, command.satisfactory, step.now)]

    return await change(ctx, command.request_id, actor, decide)


@relayable
async def answer_returned(
    ctx: RequestsContext, command: x.AnswerReturned, actor: Actor
) -> Result[Request]:
    async def decide(request: Request, step: RequestStep):
        own = await own_facts(step, actor, request.la_code)
        return [replies.answer_returned(request, actor, own, command.provide, step.now)]

    return await change(ctx, command.request_id, actor, decide)


@relayable
async def change_responding_coordinator(
    ctx: RequestsContext, command: x.ChangeRespondingCoordinator, actor: Actor
) -> Result[Request]:
    async def decide(request: Request, step: RequestStep):
        own = await own_facts(step, actor, request.la_code)
        replies.change_responding_coordinator(request, actor, own, command.coordinator_id, step.now)
        return []

    return await change(ctx, command.request_id, actor, decide)
