"""/requests: create (and send) a request, send a draft, read it, the incoming list."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, ConfigDict, Field

from imi_shared.auth import CurrentPrincipal, Principal
from imi_shared.errors import Forbidden
from imi_shared.participants import Participant
from imi_shared.runtime import service_context

from ...adapters.incoming import IncomingRequests
from ...adapters.request_repository import RequestRepository
from ...context import RequestsContext
from ...domain.request import WORKFLOW, Actor, RequestDraft, RequestStatus, ensure_own
from ...domain.request import Request as CaseRequest
from ...handlers.sending import create_request, send_request

router = APIRouter(prefix="/requests", tags=["requests"])
Code = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[a-z0-9_.-]+$")]
Id = Annotated[str, Field(min_length=1, max_length=64)]
READ_RIGHTS = ("request_handler", "request_viewer", "allocator")  # REQ-007..009


Ctx = Annotated[RequestsContext, Depends(service_context)]


def actor_of(principal: Principal) -> Actor:
    las = {
        key.split("/")[0]
        for key, rights in principal.user_rights.items()
        if key.endswith(f"/{WORKFLOW}") and "request_handler" in rights
    }
    return Actor(principal.user_id, principal.authority_id, principal.member_state, frozenset(las))


def require_request_role(principal: Principal) -> None:
    """REQ-007..REQ-009: reading needs a request right in some LA."""
    if not any(
        key.endswith(f"/{WORKFLOW}") and set(rights) & set(READ_RIGHTS)
        for key, rights in principal.user_rights.items()
    ):
        raise Forbidden("REQ-008", "a request right (handler, viewer, allocator) is required")


class CreateRequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    la_code: Code
    responding_authority_id: Id | None = None
    responding_member_state: Participant | None = None
    question_set_code: Code | None = None
    question_codes: list[Code] = Field(default_factory=list, max_length=50)
    send: bool = Field(default=False, description="send at once (REQ-058) instead of a draft")


class RequestView(BaseModel):
    request_id: str
    version: int
    la_code: str
    status: RequestStatus
    requesting_authority_id: str
    responding_authority_id: str | None
    responding_member_state: str | None
    question_set_code: str | None
    question_codes: list[str]
    created_at: datetime
    sent_at: datetime | None


class IncomingRow(BaseModel):
    request_id: str
    la_code: str
    status: RequestStatus
    requesting_authority_id: str
    requesting_member_state: str
    received_at: datetime


def view(request: CaseRequest, version: int) -> RequestView:
    return RequestView(
        request_id=request.request_id,
        version=version,
        la_code=request.la_code,
        status=request.status,
        requesting_authority_id=request.requesting_authority_id,
        responding_authority_id=request.responding_authority_id,
        responding_member_state=request.responding_member_state,
        question_set_code=request.question_set_code,
        question_codes=list(request.question_codes),
        created_at=request.created_at,
        sent_at=request.sent_at,
    )


@router.post("", status_code=status.HTTP_201_CREATED)
async def post_request(
    body: CreateRequestBody, principal: CurrentPrincipal, ctx: Ctx
) -> RequestView:
    draft = RequestDraft(
        la_code=body.la_code,
        responding_authority_id=body.responding_authority_id,
        responding_member_state=body.responding_member_state,
        question_set_code=body.question_set_code,
        question_codes=tuple(body.question_codes),
    )
    result = await create_request(ctx, draft, actor_of(principal), send=body.send)
    return view(result.aggregate, result.version or 1)


@router.post("/{request_id}/send")
async def post_send(request_id: Id, principal: CurrentPrincipal, ctx: Ctx) -> RequestView:
    result = await send_request(ctx, request_id, actor_of(principal))
    return view(result.aggregate, result.version or 1)


@router.get("/incoming")
async def get_incoming(principal: CurrentPrincipal, ctx: Ctx) -> list[IncomingRow]:
    """The caller's authority's incoming requests (ids, LA, status: no PD before acceptance)."""
    require_request_role(principal)

    async def read(tx):
        return await IncomingRequests.of(tx).of_authority(principal.authority_id)

    rows = (await ctx.uow.run(read)).value or []
    return [IncomingRow.model_validate(row) for row in rows]


@router.get("/{request_id}")
async def get_request(request_id: Id, principal: CurrentPrincipal, ctx: Ctx) -> RequestView:
    """The requesting authority's own request; another's is absent (X-010, the same 404)."""
    require_request_role(principal)

    async def read(tx):
        repo = RequestRepository(tx)
        found = await repo.get(request_id)
        ensure_own(found, actor_of(principal))
        return view(found, repo.version_of(request_id) or 1)

    return (await ctx.uow.run(read)).value
