"""ApproveRequest (REQ-059), NotApproveRequest (REQ-060), ResubmitRequest (REQ-061) and
AbandonRequest (REQ-129), by the requesting coordinator's arbiters and the requesting handler."""

from __future__ import annotations

from imi_shared.runner import Result

from ..context import RequestsContext, RequestStep
from ..domain import approval
from ..domain.actors import Actor
from ..domain.request import Request
from .base import change, facts
from .commands import AbandonRequest, ApproveRequest, NotApproveRequest, ResubmitRequest
from .relaying import relayable


@relayable
async def approve_request(
    ctx: RequestsContext, command: ApproveRequest, actor: Actor
) -> Result[Request]:
    async def decide(request: Request, step: RequestStep):
        coordinator = await facts(step, request.requesting_coordinator_id, request.la_code)
        return [approval.approve_request(request, actor, coordinator, step.now)]

    return await change(ctx, command.request_id, actor, decide)


@relayable
async def not_approve_request(
    ctx: RequestsContext, command: NotApproveRequest, actor: Actor
) -> Result[Request]:
    async def decide(request: Request, step: RequestStep):
        coordinator = await facts(step, request.requesting_coordinator_id, request.la_code)
        return [
            approval.not_approve_request(request, actor, coordinator, command.suggestions, step.now)
        ]

    return await change(ctx, command.request_id, actor, decide)


@relayable
async def resubmit_request(
    ctx: RequestsContext, command: ResubmitRequest, actor: Actor
) -> Result[Request]:
    def decide(request: Request, step: RequestStep):
        return [approval.resubmit_request(request, actor, step.now)]

    return await change(ctx, command.request_id, actor, decide)


@relayable
async def abandon_request(
    ctx: RequestsContext, command: AbandonRequest, actor: Actor
) -> Result[Request]:
    return await change(
        ctx, command.request_id, actor, lambda r, step: [approval.abandon(r, actor)], delete=True
    )
