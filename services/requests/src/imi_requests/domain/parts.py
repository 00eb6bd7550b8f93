"""The parts of a request (REQ-106..REQ-109, REQ-123): free texts with their language (X-023),
questions, attachments, subject fields, history entries, suggestions, messages, answers and
further-information rounds. Pure, frozen values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .statuses import Side


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
