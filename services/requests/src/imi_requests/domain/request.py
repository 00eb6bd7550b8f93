"""The request aggregate (REQ-004, REQ-106). Pure: no I/O.

Its statuses and sides are in `statuses`, its parts (questions, attachments, messages,
answers...) in `parts`; both are re-exported here, the one import of the aggregate's names.
The rules live in one module per section of §4 (drafting §4.3, incoming §4.4, approval §4.8,
allocation §4.9, replies §4.5-4.7); every status change goes through `state_machine.move`,
which holds the rows of §4.11.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .parts import (
    Answer,
    Attachment,
    FreeText,
    FurtherInfoRound,
    HistoryEntry,
    Message,
    MessageKind,
    Question,
    SubjectField,
    Suggestion,
)
from .relay import RefusedCommand
from .statuses import (
    AFTER_ACCEPTANCE,
    BEFORE_SENDING,
    TERMINAL,
    PendingItem,
    RequestStatus,
    Side,
)

__all__ = [
    "AFTER_ACCEPTANCE",
    "BEFORE_SENDING",
    "TERMINAL",
    "WORKFLOW",
    "Answer",
    "Attachment",
    "FreeText",
    "FurtherInfoRound",
    "HistoryEntry",
    "Message",
    "MessageKind",
    "PendingItem",
    "Question",
    "Request",
    "RequestStatus",
    "Side",
    "SubjectField",
    "Suggestion",
]

WORKFLOW = "requests"
PD_LOCKED = "personal_data_locked"  # the history actions of handlers.retention
PD_DELETED = "personal_data_deleted"
PD_LOCKED_ACTIONS = frozenset({PD_LOCKED, PD_DELETED})


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
    ref_no: str | None = None  # REQ-106 / X-024: given when the draft is first saved (numbering)

    @property
    def pd_locked(self) -> bool:
        """REQ-106: retention locked the PD (RET-012; a deletion follows a lock, RET-013).
        Derived from the history step `handlers.retention` writes, never stored twice."""
        return any(h.action in PD_LOCKED_ACTIONS for h in self.history)

    @property
    def pd_deleted(self) -> bool:
        """REQ-106: retention deleted the PD (RET-013)."""
        return any(h.action == PD_DELETED for h in self.history)

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
