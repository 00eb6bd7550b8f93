"""The request's domain events (past tense). They hold what happened, justifications in clear;
`adapters/event_messages.py` turns them into what `imi.requests.events` carries, with every
text sealed under the request's case key (X-011)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .actors import Actor
from .request import FreeText, Message, RequestStatus, Side


@dataclass(frozen=True)
class StatusChanged:
    """X-051 `request.status_changed`: old/new status, the row, the actor and the side."""

    request_id: str
    old_status: RequestStatus | None
    new_status: RequestStatus
    rule: str
    side: Side
    actor: Actor
    justification: FreeText | None = None
    proposed_deadline: date | None = None


@dataclass(frozen=True)
class Allocated:
    """X-051 `request.allocated` (REQ-050, REQ-090): the handlers (or arbiters) of a side."""

    request_id: str
    side: Side
    user_ids: tuple[str, ...]
    actor: Actor


@dataclass(frozen=True)
class Deleted:
    """A draft deleted (REQ-056) or a not-approved request abandoned (REQ-129): its PD and
    attachments go at once (REQ-130)."""

    request_id: str
    rule: str
    actor: Actor


@dataclass(frozen=True)
class Split:
    """REQ-065: questions moved out of `request_id` into `new_request_id` (N_REQ_SPLIT)."""

    request_id: str
    new_request_id: str
    question_codes: tuple[str, ...]
    actor: Actor
    justification: FreeText


@dataclass(frozen=True)
class MessageAdded:
    """REQ-066 / REQ-031 (N_REQ_MESSAGE_ADDED to the other side): its text travels sealed."""

    request_id: str
    message: Message
    actor: Actor


RequestEvent = StatusChanged | Allocated | Deleted | Split | MessageAdded
