"""/requests/{id}/...: approval (§4.8), acceptance, refusal, forwarding, splitting (§4.4) and
allocation (§4.9). Thin: one command per route."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from imi_shared.auth import CurrentPrincipal

from ...handlers import allocation, approval, incoming
from ...handlers import commands as c
from .context import Ctx
from .requests import RELAYED, own_view, relayed
from .schemas import (
    AcceptBody,
    AllocateBody,
    ForwardBody,
    Id,
    JustificationBody,
    SplitBody,
    SuggestionsBody,
)
from .shaping import actor_of, text
from .views import RequestView, SplitView

router = APIRouter(prefix="/requests/{request_id}", tags=["request workflow"], responses=RELAYED)


@router.post("/approve")
async def post_approve(request_id: Id, principal: CurrentPrincipal, ctx: Ctx) -> RequestView:
    """REQ-059: an arbiter of the requesting coordinator sends it on."""
    actor = actor_of(principal)
    return own_view(await approval.approve_request(ctx, c.ApproveRequest(request_id), actor), actor)


@router.post("/not-approve")
async def post_not_approve(
    request_id: Id, body: SuggestionsBody, principal: CurrentPrincipal, ctx: Ctx
) -> RequestView:
    """REQ-060: back to the requesting authority with suggestions (REQ-128)."""
    actor = actor_of(principal)
    command = c.NotApproveRequest(request_id, text(body.suggestions))  # type: ignore[arg-type]
    return own_view(await approval.not_approve_request(ctx, command, actor), actor)


@router.post("/resubmit")
async def post_resubmit(request_id: Id, principal: CurrentPrincipal, ctx: Ctx) -> RequestView:
    """REQ-061: the amended request goes back for approval."""
    actor = actor_of(principal)
    result = await approval.resubmit_request(ctx, c.ResubmitRequest(request_id), actor)
    return own_view(result, actor)


@router.post("/abandon", status_code=status.HTTP_204_NO_CONTENT)
async def post_abandon(request_id: Id, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    """REQ-129: a request not approved is deleted as a draft (REQ-130)."""
    await approval.abandon_request(ctx, c.AbandonRequest(request_id), actor_of(principal))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/accept")
async def post_accept(
    request_id: Id, body: AcceptBody, principal: CurrentPrincipal, ctx: Ctx
) -> RequestView:
    """REQ-062: accept, choosing the coordinator (REQ-027), proposing a date (REQ-026)."""
    actor = actor_of(principal)
    command = c.AcceptRequest(request_id, body.coordinator_id, body.proposed_deadline)
    return own_view(await incoming.accept_request(ctx, command, actor), actor)


@router.post("/refuse")
async def post_refuse(
    request_id: Id, body: JustificationBody, principal: CurrentPrincipal, ctx: Ctx
) -> RequestView:
    """REQ-063 / REQ-028: only where the parameter allows it; closes the request."""
    actor = actor_of(principal)
    command = c.RefuseRequest(request_id, text(body.justification))  # type: ignore[arg-type]
    return own_view(await incoming.refuse_request(ctx, command, actor), actor)


@router.post("/forward")
async def post_forward(
    request_id: Id, body: ForwardBody, principal: CurrentPrincipal, ctx: Ctx
) -> RequestView:
    """REQ-064 / REQ-119: to another authority of the caller's MS (the caller keeps REQ-011)."""
    actor = actor_of(principal)
    command = c.ForwardRequest(
        request_id,
        body.target_authority_id,
        text(body.justification),  # type: ignore[arg-type]
    )
    return own_view(await incoming.forward_request(ctx, command, actor), actor)


@router.post("/split", status_code=status.HTTP_201_CREATED)
async def post_split(
    request_id: Id, body: SplitBody, principal: CurrentPrincipal, ctx: Ctx
) -> SplitView:
    """REQ-065 / REQ-030: some questions (and copied attachments) become a new request."""
    actor = actor_of(principal)
    command = c.SplitRequest(
        request_id,
        body.target_authority_id,
        tuple(body.question_codes),
        tuple(body.attachment_ids),
        text(body.justification),  # type: ignore[arg-type]
    )
    result = await incoming.split_request(ctx, command, actor)
    if relayed(result):  # the owner makes the new request; the replica learns it
        return own_view(result, actor)  # type: ignore[return-value]
    new_id = next(
        e.payload["new_request_id"] for e in result.envelopes if e.event_type == "request.split"
    )
    return SplitView(original=own_view(result, actor), new_request_id=new_id)


@router.post("/allocations")
async def post_allocations(
    request_id: Id, body: AllocateBody, principal: CurrentPrincipal, ctx: Ctx
) -> RequestView:
    """REQ-049..REQ-053, REQ-090: an allocator assigns the side's handlers (or arbiters)."""
    actor = actor_of(principal)
    command = c.AllocateRequest(request_id, body.side, tuple(body.user_ids))
    return own_view(await allocation.allocate_request(ctx, command, actor), actor)
