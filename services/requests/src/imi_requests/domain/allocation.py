"""Allocation (§4.9: REQ-049..REQ-053; rows REQ-056 "allocate", REQ-090). Where allocation is
on, only `allocator` users assign a side's requests to its handlers (to arbiters, for a
coordinator's approval and arbitration work); only the allocated ones act (REQ-051)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from imi_shared.errors import Conflict, Forbidden, InvalidInput

from .actors import ALLOCATOR, ARBITER, HANDLER, Actor, AuthorityFacts, ensure_right
from .events import Allocated
from .request import Request, RequestStatus, Side
from .state_machine import ensure_status, record

MAX_ALLOCATED = 50


def authority_of(request: Request, side: Side) -> str | None:
    return {
        Side.REQUESTING: request.requesting_authority_id,
        Side.RESPONDING: request.responding_authority_id,
        Side.REQUESTING_COORDINATOR: request.requesting_coordinator_id,
        Side.RESPONDING_COORDINATOR: request.responding_coordinator_id,
    }[side]


def side_allocated_by(request: Request, actor: Actor) -> Side | None:
    """The side whose allocation `actor`'s authority manages on this request (as an authority
    first, X-012; then as the selected coordinator, REQ-053)."""
    for side in Side:
        if authority_of(request, side) == actor.authority_id:
            return side
    return None


def allocate(
    request: Request,
    actor: Actor,
    side: Side,
    user_ids: tuple[str, ...],
    own: AuthorityFacts,
    now: datetime,
    roles: Mapping[str, frozenset[str]],
) -> Allocated:
    """REQ-090 (any non-terminal status; outgoing: `draft` only, REQ-052) / REQ-056 (a draft).
    `roles`: each chosen user's request-workflow roles in the LA at the side's authority (from
    the directory's users read model): handlers for an authority's side (REQ-049), arbiters for
    a coordinator's approval and arbitration work (REQ-053). REQ-110 `Allocation`: the
    side's users on the request, by whom and when in the history entry (X-025)."""
    if authority_of(request, side) != actor.authority_id:
        raise Forbidden("REQ-049", f"only the {side.value} authority's allocators allocate")
    ensure_right(actor, request.la_code, ALLOCATOR, "REQ-049")
    if not own.parameters.allocation_enabled:
        raise Conflict("REQ-049", "allocation is off for your authority (DIR-033)")
    ensure_status(request, "REQ-090")
    if side is Side.REQUESTING and request.status is not RequestStatus.DRAFT:
        raise Conflict("REQ-052", "an outgoing request is allocated only while it is a draft")
    if side is Side.RESPONDING and request.status in (
        RequestStatus.DRAFT,
        RequestStatus.AWAITING_REQUEST_APPROVAL,
        RequestStatus.REQUEST_NOT_APPROVED,
    ):
        raise Conflict("REQ-090", "the request has not reached the responding authority")
    chosen = tuple(dict.fromkeys(user_ids))
    if not chosen or len(chosen) > MAX_ALLOCATED:
        raise InvalidInput("REQ-049", f"allocate 1 to {MAX_ALLOCATED} users", "user_ids")
    needed, rule = (
        (ARBITER, "REQ-053")
        if side in (Side.REQUESTING_COORDINATOR, Side.RESPONDING_COORDINATOR)
        else (HANDLER, "REQ-049")
    )
    lacking = [u for u in chosen if needed not in roles.get(u, frozenset())]
    if lacking:
        raise InvalidInput(
            rule, f"not a {needed} of the authority in {request.la_code}: {lacking}", "user_ids"
        )
    request.allocations = {**request.allocations, side: chosen}
    record(request, "REQ-056" if request.status is RequestStatus.DRAFT else "REQ-090", actor, now)
    return Allocated(request.request_id, side, chosen, actor)
