"""What each party sees of the exchange (REQ-108, REQ-123, REQ-046, X-011): messages go to
both authorities, coordinators' opinions also to the coordinators; the requesting side reads
answers only once released (after any approval); attachments only in a full view."""

from __future__ import annotations

from dataclasses import replace

from .request import (
    Answer,
    FurtherInfoRound,
    Message,
    MessageKind,
    PendingItem,
    Request,
    Side,
)


def _side(request: Request, authority_id: str) -> Side | None:
    side = request.side_of(authority_id)
    if side is not None:
        return side
    if authority_id == request.responding_coordinator_id:
        return Side.RESPONDING_COORDINATOR
    if authority_id == request.requesting_coordinator_id:
        return Side.REQUESTING_COORDINATOR
    return None


def visible_messages(request: Request, authority_id: str, full: bool) -> list[Message]:
    side = _side(request, authority_id)
    if side is None:
        return []
    authority = side in (Side.REQUESTING, Side.RESPONDING)
    seen = [m for m in request.messages if authority or m.kind is MessageKind.COORDINATOR_OPINION]
    return seen if full else [replace(m, attachment_ids=()) for m in seen]


def visible_answers(request: Request, authority_id: str, full: bool) -> list[Answer]:
    side = _side(request, authority_id)
    if side is Side.RESPONDING:
        seen = list(request.answers)  # its drafts included (REQ-032)
    elif side is Side.RESPONDING_COORDINATOR:
        seen = [a for a in request.answers if a.sent_at is not None]  # to approve (REQ-046)
    elif side is not None:
        seen = [a for a in request.answers if a.released]
    else:
        seen = []
    return seen if full else [replace(a, attachment_id=None) for a in seen]


def visible_rounds(request: Request, authority_id: str) -> list[FurtherInfoRound]:
    """REQ-123: every round stays visible; a rejection awaiting approval (REQ-126) not yet
    to the requesting side."""
    side = _side(request, authority_id)
    if side is None:
        return []
    pending = request.pending_item is PendingItem.FURTHER_INFO_REJECTION
    if pending and side in (Side.REQUESTING, Side.REQUESTING_COORDINATOR):
        last = request.further_info_rounds[-1:]
        return [*request.further_info_rounds[:-1], *(replace(r, rejection=None) for r in last)]
    return list(request.further_info_rounds)
