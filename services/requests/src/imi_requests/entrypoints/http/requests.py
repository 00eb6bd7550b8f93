"""/requests: create (and send), edit, delete and send a draft, read one, the incoming list
(§4.3, REQ-023). Thin: the body becomes a command, the token the domain's actor."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from fastapi.responses import JSONResponse

from imi_shared.auth import CurrentPrincipal
from imi_shared.errors import Forbidden
from imi_shared.runner import Result

from ...domain.actors import Actor
from ...domain.request import Request
from ...domain.visibility import View, view_of
from ...handlers import commands as c
from ...handlers import drafting
from ...handlers.reading import incoming_of, read_request
from .context import Ctx
from .schemas import CreateBody, DraftBody, Id
from .shaping import actor_of, content_of, view
from .views import IncomingRow, RequestView

router = APIRouter(prefix="/requests", tags=["requests"])
READ_RIGHTS = frozenset({"request_handler", "request_viewer", "allocator", "arbiter"})


RELAYED = {
    202: {
        "model": RequestView,
        "description": "X-001: the request is held by another deployment; the command was "
        "checked on this deployment's replica and relayed to it (the state it would give)",
    }
}


def relayed(result: Result[Request]) -> bool:
    return (
        result.version is None
        and result.aggregate is not None
        and (result.aggregate.replica_from is not None)
    )


def own_view(result: Result[Request], actor: Actor) -> RequestView:
    """The acting authority's answer after a command: what it may see now (202 when the
    command was relayed to the deployment that holds the request, X-001)."""
    assert result.aggregate is not None
    request = result.aggregate
    shaped = view(request, result.version or 1, view_of(request, actor), actor)
    if relayed(result):
        return JSONResponse(shaped.model_dump(mode="json"), status_code=202)  # type: ignore[return-value]
    return shaped


@router.post("", status_code=status.HTTP_201_CREATED)
async def post_request(body: CreateBody, principal: CurrentPrincipal, ctx: Ctx) -> RequestView:
    """REQ-055 a draft (REQ-021: only the LA needed); `send` also sends it (REQ-057/058)."""
    actor = actor_of(principal)
    result = await drafting.create_request(ctx, c.CreateRequest(content_of(body), body.send), actor)
    return view(result.aggregate, result.version or 1, View.FULL, actor)  # type: ignore[arg-type]


@router.put("/{request_id}")
async def put_request(
    request_id: Id, body: DraftBody, principal: CurrentPrincipal, ctx: Ctx
) -> RequestView:
    """REQ-056 edit a draft; REQ-061 amend a request not approved."""
    actor = actor_of(principal)
    result = await drafting.edit_draft(ctx, c.EditDraft(request_id, content_of(body)), actor)
    return own_view(result, actor)


@router.delete("/{request_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_request(request_id: Id, principal: CurrentPrincipal, ctx: Ctx) -> Response:
    """REQ-056 / REQ-130: delete a draft, its PD and attachments with it."""
    await drafting.delete_draft(ctx, c.DeleteDraft(request_id), actor_of(principal))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{request_id}/send")
async def post_send(request_id: Id, principal: CurrentPrincipal, ctx: Ctx) -> RequestView:
    """REQ-057 (approval applies) / REQ-058."""
    actor = actor_of(principal)
    return own_view(await drafting.send_request(ctx, c.SendRequest(request_id), actor), actor)


@router.get("/incoming")
async def get_incoming(principal: CurrentPrincipal, ctx: Ctx) -> list[IncomingRow]:
    """REQ-023: the caller's authority's incoming requests (ids, LA, status: no content)."""
    actor = actor_of(principal)
    if not any(rights & READ_RIGHTS for rights in actor.rights.values()):
        raise Forbidden("REQ-008", "a request right (handler, viewer, allocator) is required")
    return [IncomingRow.model_validate(row) for row in await incoming_of(ctx, actor.authority_id)]


@router.get("/{request_id}")
async def get_request(request_id: Id, principal: CurrentPrincipal, ctx: Ctx) -> RequestView:
    """The request as the caller may see it (X-011); absent and not yours: the same 404."""
    actor = actor_of(principal)
    request, version, seen = await read_request(ctx, request_id, actor)
    return view(request, version, seen, actor)
