"""The approval procedure (§4.8: REQ-045..REQ-048, REQ-125, REQ-128; rows REQ-059..REQ-061,
REQ-129, REQ-069..REQ-071, REQ-127). An arbiter of the coordinator selected for the side (the
allocated one when that coordinator allocates, REQ-053, REQ-121) approves or does not."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from imi_shared.errors import InvalidInput

from .actors import Actor, AuthorityFacts, Parameters, ensure_arbiter, ensure_handler
from .events import Deleted, StatusChanged
from .request import FreeText, PendingItem, Request, Side, Suggestion
from .state_machine import ensure_status, move


def approval_applies(
    authority: Parameters, coordinator: Parameters, kind: Literal["request", "reply"] = "request"
) -> bool:
    """DIR-039 [INFERRED]: the acting CA has `approval_required` AND the coordinator selected
    for the request approves that kind (`approve_requests` / `approve_replies`)."""
    wanted = coordinator.approve_requests if kind == "request" else coordinator.approve_replies
    return authority.approval_required and wanted


def _allocates(coordinator: AuthorityFacts | None) -> bool:
    return coordinator is not None and coordinator.parameters.allocation_enabled


def _suggestion(side: Side, text: FreeText | None, actor: Actor, now: datetime) -> Suggestion:
    if text is None or not text.text.strip():
        raise InvalidInput("REQ-047", "not approving needs suggestions", "suggestions")
    return Suggestion(side, text, actor.user_id, now)


def approve_request(
    request: Request, actor: Actor, coordinator: AuthorityFacts | None, now: datetime
) -> StatusChanged:
    """REQ-059: the request goes on to the responding authority (`awaiting_acceptance`)."""
    ensure_arbiter(request, actor, Side.REQUESTING_COORDINATOR, _allocates(coordinator))
    return move(request, "REQ-059", actor, now, Side.REQUESTING_COORDINATOR)


def not_approve_request(
    request: Request,
    actor: Actor,
    coordinator: AuthorityFacts | None,
    suggestions: FreeText | None,
    now: datetime,
) -> StatusChanged:
    """REQ-060: back to the requesting authority with suggestions (REQ-128: only it and its
    coordinators see them)."""
    ensure_arbiter(request, actor, Side.REQUESTING_COORDINATOR, _allocates(coordinator))
    ensure_status(request, "REQ-060")
    suggestion = _suggestion(Side.REQUESTING, suggestions, actor, now)
    request.suggestions = (*request.suggestions, suggestion)
    return move(request, "REQ-060", actor, now, Side.REQUESTING_COORDINATOR)


def resubmit_request(request: Request, actor: Actor, now: datetime) -> StatusChanged:
    """REQ-061: the amended request goes back to the coordinator for approval."""
    ensure_handler(request, actor, Side.REQUESTING)
    return move(request, "REQ-061", actor, now, Side.REQUESTING)


def abandon(request: Request, actor: Actor) -> Deleted:
    """REQ-129 [INFERRED]: a request not approved is deleted as a draft (REQ-130)."""
    ensure_handler(request, actor, Side.REQUESTING)
    ensure_status(request, "REQ-129")
    return Deleted(request.request_id, "REQ-129", actor)


def approve_pending(
    request: Request, actor: Actor, coordinator: AuthorityFacts | None, now: datetime
) -> StatusChanged:
    """REQ-069 (the pending item is a reply → `answered`) or REQ-127 (a further-information
    rejection → `further_info_rejected`), by an arbiter of the responding coordinator."""
    ensure_arbiter(request, actor, Side.RESPONDING_COORDINATOR, _allocates(coordinator))
    rule = "REQ-127" if request.pending_item is PendingItem.FURTHER_INFO_REJECTION else "REQ-069"
    changed = move(request, rule, actor, now, Side.RESPONDING_COORDINATOR)
    request.pending_item = None
    return changed


def not_approve_reply(
    request: Request,
    actor: Actor,
    coordinator: AuthorityFacts | None,
    suggestions: FreeText | None,
    now: datetime,
) -> StatusChanged:
    """REQ-070: the reply returns to the responding authority with suggestions (REQ-128)."""
    ensure_arbiter(request, actor, Side.RESPONDING_COORDINATOR, _allocates(coordinator))
    ensure_status(request, "REQ-070")
    suggestion = _suggestion(Side.RESPONDING, suggestions, actor, now)
    request.suggestions = (*request.suggestions, suggestion)
    return move(request, "REQ-070", actor, now, Side.RESPONDING_COORDINATOR)


def resubmit_reply(
    request: Request, actor: Actor, own: AuthorityFacts, now: datetime
) -> StatusChanged:
    """REQ-071: the modified reply goes back to the responding coordinator."""
    ensure_handler(request, actor, Side.RESPONDING, own.parameters.allocation_enabled)
    return move(request, "REQ-071", actor, now, Side.RESPONDING)
