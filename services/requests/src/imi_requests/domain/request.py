"""The request aggregate and its statuses (REQ-002..REQ-004, REQ-106..REQ-110). Pure: no I/O.

The rules live in one module per section of §4 (drafting §4.3, incoming §4.4, approval §4.8,
allocation §4.9, replies §4.5-4.7); every status change goes through `state_machine.move`,
which holds the rows of §4.11.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from .relay import RefusedCommand

WORKFLOW = "requests"


class RequestStatus(StrEnum):
    """REQ-002 [INFERRED codes]."""

    DRAFT = "draft"
    AWAITING_REQUEST_APPROVAL = "awaiting_request_approval"
    REQUEST_NOT_APPROVED = "request_not_approved"
    AWAITING_ACCEPTANCE = "awaiting_acceptance"
    ACCEPTED = "accepted"
    AWAITING_REPLY_APPROVAL = "awaiting_reply_approval"
    REPLY_NOT_APPROVED = "reply_not_approved"
    ANSWERED = "answered"
    FURTHER_INFO_REQUESTED = "further_info_requested"
    FURTHER_INFO_ACCEPTED = "further_info_accepted"
    FURTHER_INFO_REJECTED = "further_info_rejected"
    ARBITRATION_REQUESTING_COORDINATOR = "arbitration_requesting_coordinator"
    ARBITRATION_RESPONDING_COORDINATOR = "arbitration_responding_coordinator"
    RETURNED_BY_ARBITER = "returned_by_arbiter"
    REFUSED = "refused"
    CLOSED = "closed"


S = RequestStatus
TERMINAL = frozenset({S.REFUSED, S.CLOSED})  # REQ-003
BEFORE_SENDING = frozenset({S.DRAFT, S.AWAITING_REQUEST_APPROVAL, S.REQUEST_NOT_APPROVED})
# the statuses in which the responding authority has accepted (X-011: it then sees PD)
AFTER_ACCEPTANCE = frozenset(set(S) - BEFORE_SENDING - {S.AWAITING_ACCEPTANCE, S.REFUSED})


class Side(StrEnum):
    """REQ-004 / REQ-110: the sides of a request that hold an allocation and a last actor."""

    REQUESTING = "requesting"
    RESPONDING = "responding"
    REQUESTING_COORDINATOR = "requesting_coordinator"
    RESPONDING_COORDINATOR = "responding_coordinator"


class PendingItem(StrEnum):
    """What an arbiter approves (REQ-069 vs REQ-127)."""

    REPLY = "reply"
    FURTHER_INFO_REJECTION = "further_info_rejection"


@dataclass(frozen=True)
class FreeText:
    """X-023 / REQ-018: every free text carries its language code."""

    text: str
    lang: str


@dataclass(frozen=True)
class Question:
    """REQ-107: a predefined question, its optional comment, the attachment it is about (REQ-019)
    and, once split off, the request it moved to (REQ-030, read-only here: REQ-120)."""

    code: str
    comment: FreeText | None = None
    attachment_id: str | None = None
    moved_to_request_id: str | None = None


@dataclass(frozen=True)
class Attachment:
    """REQ-109: by reference (the file itself is stored elsewhere); always PD (X-009)."""

    attachment_id: str
    filename: str
    content_ref: str
    comment_code: str | None = None
    is_copy_of: str | None = None


@dataclass(frozen=True)
class SubjectField:
    """REQ-016 / X-009: one field of case information, flagged when it identifies the subject."""

    name: str
    value: str
    personal_data: bool = True


@dataclass(frozen=True)
class HistoryEntry:
    """X-025: actor, authority, action, time, justification; never changed once written."""

    action: str
    rule: str
    user_id: str
    authority_id: str
    at: datetime
    justification: FreeText | None = None


@dataclass(frozen=True)
class Suggestion:
    """REQ-047 / REQ-128: a non-approval suggestion, visible only to `side` and coordinators."""

    side: Side
    text: FreeText
    by_user_id: str
    at: datetime


class MessageKind(StrEnum):
    """REQ-006 (`justification` entries live in the history, X-025)."""

    COMMENT = "comment"
    ATTACHMENT_ADDED = "attachment_added"
    COORDINATOR_OPINION = "coordinator_opinion"


@dataclass(frozen=True)
class Message:
    """REQ-031 / REQ-108: a structured message of one side (or a coordinator's opinion), with
    the attachments it adds, each explained by a predefined comment."""

    message_id: str
    kind: MessageKind
    side: Side
    user_id: str
    authority_id: str
    at: datetime
    text: FreeText | None = None
    comment_code: str | None = None
    attachment_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """REQ-032 / REQ-107 / REQ-123: the answer to one question in one round (0: the reply,
    n: the n-th further-information round): a predefined answer and/or free text. A draft until
    the reply is sent; `released` once the requesting side may read it (after any approval)."""

    question_code: str
    round: int = 0
    answer_code: str | None = None
    text: FreeText | None = None
    attachment_id: str | None = None
    sent_at: datetime | None = None
    released: bool = False


@dataclass(frozen=True)
class FurtherInfoRound:
    """REQ-123: one further-information round: its questions, justification, rejection."""

    round: int
    question_codes: tuple[str, ...]
    justification: FreeText
    requested_at: datetime
    rejection: FreeText | None = None


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
    requesting_coordinator_id: str | None = None
    responding_coordinator_id: str | None = None
    question_set_code: str | None = None
    questions: tuple[Question, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    subject: tuple[SubjectField, ...] = ()
    sending_justification: FreeText | None = None
    indicative_deadline: date | None = None
    proposed_deadline: date | None = None
    allocations: dict[Side, tuple[str, ...]] = field(default_factory=dict)
    last_actors: dict[Side, str] = field(default_factory=dict)
    former_responding_authority_ids: tuple[str, ...] = ()
    pending_item: PendingItem | None = None
    suggestions: tuple[Suggestion, ...] = ()
    split_from_request_id: str | None = None
    copied_from_request_id: str | None = None
    messages: tuple[Message, ...] = ()
    answers: tuple[Answer, ...] = ()
    further_info_rounds: tuple[FurtherInfoRound, ...] = ()
    replica_from: str | None = None  # the member state whose deployment holds the request
    revision: int = 0  # the owner's count of the states it relayed (ordering, exactly once)
    refused_commands: tuple[RefusedCommand, ...] = ()  # at a replica: the owner said no
    further_info_round: int = 0
    s4_repeat_used: bool = False
    arbitration_scenario: str | None = None
    history: tuple[HistoryEntry, ...] = ()
    sent_at: datetime | None = None
    accepted_at: datetime | None = None
    closed_at: datetime | None = None
    answered_at: datetime | None = None  # REQ-106 timestamps
    closed_by: str | None = None  # REQ-106: the authority or coordinator that closed it

    @property
    def open_questions(self) -> tuple[Question, ...]:
        """The questions still answered here (REQ-030: moved ones are read-only, REQ-120)."""
        return tuple(q for q in self.questions if q.moved_to_request_id is None)

    def allocated(self, side: Side) -> tuple[str, ...]:
        return self.allocations.get(side, ())

    def side_of(self, authority_id: str) -> Side | None:
        """The side `authority_id` holds as an authority (X-012: before its coordinator role)."""
        if authority_id == self.requesting_authority_id:
            return Side.REQUESTING
        if authority_id == self.responding_authority_id:
            return Side.RESPONDING
        return None
