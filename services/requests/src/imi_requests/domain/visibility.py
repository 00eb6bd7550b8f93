"""What a party sees of a request (X-009..X-013, REQ-008..REQ-011, REQ-024, REQ-025, REQ-048,
REQ-095, REQ-112, REQ-119, REQ-128). Absent and "not yours" are the same 404 (X-010)."""

from __future__ import annotations

from enum import StrEnum

from imi_shared.errors import NotFound

from .actors import ALLOCATOR, ARBITER, HANDLER, VIEWER, Actor
from .request import AFTER_ACCEPTANCE, BEFORE_SENDING, Request, RequestStatus, Side


class View(StrEnum):
    FULL = "full"  # everything, PD and attachments included
    WITHOUT_PD = "without_pd"  # content without subject PD or attachments
    PARTIAL = "partial"  # REQ-011: reference, LA, status, dates, the two authorities


def _rights(actor: Actor, request: Request) -> set[str]:
    return {r for r in (HANDLER, VIEWER, ALLOCATOR, ARBITER) if actor.has(request.la_code, r)}


def view_of(request: Request, actor: Actor, *, coordinates: bool = False) -> View:
    """The caller's view, or NotFound. `coordinates`: the caller's authority is an associated
    request coordinator (DIR-027) of either authority (from the directory read model)."""
    rights = _rights(actor, request)
    side = request.side_of(actor.authority_id)
    sent = request.status not in BEFORE_SENDING
    if side is Side.REQUESTING and rights:
        return View.FULL if rights & {HANDLER, VIEWER} else View.WITHOUT_PD
    if side is Side.RESPONDING and rights and sent:  # REQ-112: nothing before approval
        accepted = request.status in AFTER_ACCEPTANCE
        if accepted and rights & {HANDLER, VIEWER}:
            return View.FULL  # REQ-025, REQ-008
        return View.WITHOUT_PD  # REQ-024 before acceptance; REQ-009 allocators
    coordinator_of = actor.authority_id in (
        request.requesting_coordinator_id,
        request.responding_coordinator_id,
    )
    awaiting_approval = request.status is not RequestStatus.DRAFT and (
        actor.authority_id == request.requesting_coordinator_id
    )
    if (coordinator_of or coordinates) and rights and (sent or awaiting_approval):
        return View.WITHOUT_PD  # never PD in a coordinating capacity (REQ-048, REQ-095)
    if (
        HANDLER in rights
        and sent
        and actor.member_state
        in (
            request.requesting_member_state,
            request.responding_member_state,
        )
    ):
        return View.PARTIAL  # REQ-011; REQ-119: a forwarding authority keeps only this
    raise NotFound("X-010", f"no request {request.request_id!r}")


def sees_suggestions(request: Request, actor: Actor, side: Side) -> bool:
    """REQ-128: non-approval suggestions for `side` reach that authority and the coordinators,
    never the other MS."""
    if request.side_of(actor.authority_id) is side:
        return True
    return actor.authority_id in (
        request.requesting_coordinator_id,
        request.responding_coordinator_id,
    )
