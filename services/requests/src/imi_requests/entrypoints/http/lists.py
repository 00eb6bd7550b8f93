"""GET /requests/action-list and GET /requests/search (§4.12). Thin: bounded query parameters
become the domain's criteria; the rows answered hold ids, codes, statuses and dates only (no
personal data can be in them, X-011)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from imi_shared.auth import CurrentPrincipal
from imi_shared.errors import Forbidden
from imi_shared.query_types import IsoDateTime

from ...domain.action_list import Expected
from ...domain.reference import MAX_LENGTH, PATTERN
from ...domain.request import RequestStatus
from ...domain.search import Capacity, Direction, SearchCriteria, readable_las
from ...handlers.lists import action_list, search_requests
from .context import Ctx
from .shaping import actor_of

router = APIRouter(prefix="/requests", tags=["request lists"])
ID = r"^[A-Za-z0-9_.:-]+$"
Date = Annotated[IsoDateTime | None, Query(description="ISO 8601 with a time zone")]


class ListedRequest(BaseModel):
    request_id: str = Field(max_length=64)
    ref_no: str | None = Field(default=None, max_length=MAX_LENGTH, description="REQ-106")
    la_code: str = Field(max_length=60)
    status: RequestStatus
    rule: str = Field(max_length=8)
    requesting_authority_id: str = Field(max_length=64)
    requesting_member_state: str = Field(max_length=2)
    responding_authority_id: str | None = Field(default=None, max_length=64)
    responding_member_state: str | None = Field(default=None, max_length=2)
    requesting_coordinator_id: str | None = Field(default=None, max_length=64)
    responding_coordinator_id: str | None = Field(default=None, max_length=64)
    split_from_request_id: str | None = Field(default=None, max_length=64)
    allocations: dict[str, list[Annotated[str, Field(max_length=64)]]] = Field(
        default={}, max_length=4
    )
    awaiting_side: str | None = Field(default=None, max_length=30)
    expected: Expected | None = None
    created_at: str = Field(max_length=40)
    sent_at: str | None = Field(default=None, max_length=40)
    received_at: str | None = Field(default=None, max_length=40)
    closed_at: str | None = Field(default=None, max_length=40)
    last_action_at: str = Field(max_length=40)


class ActionRow(ListedRequest):
    action: Expected = Field(description="REQ-093: what the caller is expected to do")


class ActionList(BaseModel):
    items: list[ActionRow] = Field(max_length=500)


class SearchPage(BaseModel):
    items: list[ListedRequest] = Field(max_length=200)
    limit: int
    offset: int


@router.get("/action-list")
async def get_action_list(principal: CurrentPrincipal, ctx: Ctx) -> ActionList:
    """REQ-092 / REQ-093 / REQ-121 / REQ-021 / REQ-023 / REQ-050: the requests awaiting an
    action of the caller (drafts of its authority included), each with the action."""
    actor = actor_of(principal)
    if not readable_las(actor):
        raise Forbidden("REQ-092", "a request right (handler, allocator, arbiter) is required")
    return ActionList(items=[ActionRow.model_validate(r) for r in await action_list(ctx, actor)])


@router.get("/search")
async def get_search(
    principal: CurrentPrincipal,
    ctx: Ctx,
    status: Annotated[list[RequestStatus], Query(max_length=16)] = [],  # noqa: B006
    la_code: Annotated[str | None, Query(max_length=60, pattern=ID)] = None,
    reference: Annotated[str | None, Query(max_length=64, pattern=ID)] = None,
    ref_no: Annotated[
        str | None,
        Query(max_length=MAX_LENGTH, pattern=PATTERN, description="REQ-106 reference number"),
    ] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$", max_length=2)] = None,
    direction: Direction | None = None,
    capacity: Capacity | None = None,
    sent_from: Date = None,
    sent_to: Date = None,
    received_from: Date = None,
    received_to: Date = None,
    idle_days: Annotated[int | None, Query(ge=1, le=3650)] = None,
    open_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=800)] = 0,
) -> SearchPage:
    """REQ-094: the caller's authority's incoming and outgoing requests (drafts, open,
    closed) by status, dates sent or received, partner country, LA, reference; REQ-095: a
    coordinator's coordinated authorities' requests from sending on (`capacity=coordinated`),
    with `idle_days` (no action for N days)."""
    criteria = SearchCriteria(
        statuses=tuple(status),
        la_code=la_code,
        reference=reference,
        ref_no=ref_no,
        country=country,
        direction=direction,
        capacity=capacity,
        sent_from=sent_from,
        sent_to=sent_to,
        received_from=received_from,
        received_to=received_to,
        idle_days=idle_days,
        open_only=open_only,
    )
    rows = await search_requests(ctx, actor_of(principal), criteria, limit, offset)
    return SearchPage(
        items=[ListedRequest.model_validate(r) for r in rows], limit=limit, offset=offset
    )
