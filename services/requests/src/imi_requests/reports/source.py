"""What a report is made from: a plain, read-only picture of one request (REQ-096).

The request aggregate (or its read model) fills a `ReportSource`; nothing here imports it, so
the reports package can be wired to any version of the aggregate. Every subject field carries
its own `personal_data` flag (X-009); attachment names always count as personal data (X-009),
the questions and comments about an attachment do not (X-011).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Id = Annotated[str, Field(min_length=1, max_length=64)]
Code = Annotated[str, Field(min_length=1, max_length=60)]
LANGUAGE = r"^[a-z]{2,3}$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Party(_Frozen):
    """A requesting or responding authority as the report shows it."""

    authority_id: Id
    name: str = Field(min_length=1, max_length=300)
    member_state: str = Field(pattern=r"^[A-Z]{2}$")
    address: str | None = Field(default=None, max_length=500)


class SubjectField(_Frozen):
    """One field about the professional (data subject), flagged field by field (X-009)."""

    label: str = Field(min_length=1, max_length=120)
    value: str = Field(max_length=2000)
    personal_data: bool = True


class QuestionAnswer(_Frozen):
    code: Code
    question: str = Field(min_length=1, max_length=2000)
    answer: str | None = Field(default=None, max_length=10_000)
    comment: str | None = Field(default=None, max_length=5000)
    language: str = Field(default="en", pattern=LANGUAGE)


class Message(_Frozen):
    """A free-text comment or message, with its declared language (REQ §4.3, §4.5)."""

    author_authority_id: Id
    sent_at: datetime
    text: str = Field(min_length=1, max_length=10_000)
    language: str = Field(pattern=LANGUAGE)


class Attachment(_Frozen):
    """X-009: the attachment (here its name) is personal data; its comment and the questions
    about it are not (X-011: shown to the responding authority before acceptance)."""

    name: str = Field(min_length=1, max_length=255)
    comment: str | None = Field(default=None, max_length=5000)
    questions: tuple[Annotated[str, Field(max_length=2000)], ...] = Field(default=(), max_length=20)
    language: str = Field(default="en", pattern=LANGUAGE)


class ReportSource(_Frozen):
    """One request as of the report's generation. `accepted`: the responding authority has
    accepted it (X-011: before that it sees no personal data). `pd_locked`/`pd_lock_at`:
    the RET-001/RET-002 lock of the personal data (REQ-097, RET-010)."""

    request_id: Id
    reference: str | None = Field(default=None, max_length=60)
    la_code: Code
    status: Code
    question_set_code: str | None = Field(default=None, max_length=60)
    requesting: Party
    responding: Party | None = None
    coordinator_authority_ids: tuple[Id, ...] = Field(default=(), max_length=10)
    accepted: bool = False
    pd_locked: bool = False
    pd_lock_at: datetime | None = None
    subject: tuple[SubjectField, ...] = Field(default=(), max_length=100)
    questions: tuple[QuestionAnswer, ...] = Field(default=(), max_length=200)
    messages: tuple[Message, ...] = Field(default=(), max_length=500)
    attachments: tuple[Attachment, ...] = Field(default=(), max_length=100)
    languages: tuple[Annotated[str, Field(pattern=LANGUAGE)], ...] = Field(
        default=(), max_length=24
    )

    def personal_values(self) -> tuple[str, ...]:
        """Every personal-data value of the request: flagged subject fields and attachment
        names (X-009). What a report without personal data must not contain."""
        values = [f.value for f in self.subject if f.personal_data and f.value]
        return (*values, *(a.name for a in self.attachments))
