"""A request and the rules of creating and sending it (REQ-007, REQ-013, REQ-015, REQ-055,
REQ-058). Pure: no I/O, the time comes in as an argument."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from imi_shared.errors import Conflict, Forbidden, InvalidInput, NotFound

WORKFLOW = "requests"


class RequestStatus(StrEnum):
    """REQ-002 (the statuses this skeleton reaches so far)."""

    DRAFT = "draft"
    AWAITING_ACCEPTANCE = "awaiting_acceptance"


@dataclass(frozen=True)
class Actor:
    """Who acts: from the caller's token. `handler_las`: the LAs where they are request_handler."""

    user_id: str
    authority_id: str
    member_state: str
    handler_las: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RequestDraft:
    """What the requesting handler entered (REQ-013: a draft needs only the LA)."""

    la_code: str
    responding_authority_id: str | None = None
    responding_member_state: str | None = None
    question_set_code: str | None = None
    question_codes: tuple[str, ...] = ()


@dataclass
class Request:
    request_id: str
    la_code: str
    requesting_authority_id: str
    requesting_member_state: str
    created_by: str
    created_at: datetime
    status: RequestStatus = RequestStatus.DRAFT
    responding_authority_id: str | None = None
    responding_member_state: str | None = None
    question_set_code: str | None = None
    question_codes: tuple[str, ...] = field(default_factory=tuple)
    sent_at: datetime | None = None


def ensure_handler(actor: Actor, la_code: str) -> None:
    """REQ-007: only a request_handler of the LA may create or send requests."""
    if la_code not in actor.handler_las:
        raise Forbidden("REQ-007", f"the request_handler right in {la_code}/{WORKFLOW} is required")


def ensure_own(request: Request, actor: Actor) -> None:
    """X-010: a request of another authority is answered as absent (the same 404)."""
    if request.requesting_authority_id != actor.authority_id:
        raise NotFound("X-010", f"no request {request.request_id!r}")


def check_sendable(request: Request, actor: Actor) -> None:
    """REQ-013 (LA, responding authority, one question set, >= 1 question) and REQ-015
    (the responding authority belongs to another member state)."""
    if not request.responding_authority_id or not request.responding_member_state:
        raise InvalidInput(
            "REQ-013", "sending needs the responding authority", "responding_authority_id"
        )
    if not request.question_set_code:
        raise InvalidInput("REQ-013", "sending needs a question set", "question_set_code")
    if not request.question_codes:
        raise InvalidInput("REQ-013", "sending needs at least one question", "question_codes")
    if request.responding_member_state == actor.member_state:
        raise InvalidInput(
            "REQ-015",
            "the responding authority must belong to another member state",
            "responding_member_state",
        )


def create_draft(request_id: str, draft: RequestDraft, actor: Actor, now: datetime) -> Request:
    """REQ-055: a requesting handler creates a `draft` (REQ-021: saved at any time)."""
    ensure_handler(actor, draft.la_code)
    if draft.responding_member_state == actor.member_state:
        raise InvalidInput(
            "REQ-015",
            "the responding authority must belong to another member state",
            "responding_member_state",
        )
    return Request(
        request_id=request_id,
        la_code=draft.la_code,
        requesting_authority_id=actor.authority_id,
        requesting_member_state=actor.member_state,
        created_by=actor.user_id,
        created_at=now,
        responding_authority_id=draft.responding_authority_id,
        responding_member_state=draft.responding_member_state,
        question_set_code=draft.question_set_code,
        question_codes=tuple(draft.question_codes),
    )


def send(request: Request, actor: Actor, now: datetime) -> Request:
    """REQ-058: `draft` → `awaiting_acceptance` (no approval procedure in this skeleton)."""
    ensure_own(request, actor)
    ensure_handler(actor, request.la_code)
    if request.status is not RequestStatus.DRAFT:
        raise Conflict("REQ-058", f"a request in {request.status} cannot be sent")
    check_sendable(request, actor)
    return replace(request, status=RequestStatus.AWAITING_ACCEPTANCE, sent_at=now)
