"""Bodies of the exchange routes (§4.5-4.7) and of copying (§4.10): a length on every string
and list, the one free-text shape (X-023)."""

from __future__ import annotations

from pydantic import Field

from .schemas import AttachmentIn, Code, FreeTextIn, Id, Strict


class MessageBody(Strict):
    text: FreeTextIn | None = None
    attachments: list[AttachmentIn] = Field(
        default_factory=list, max_length=20, description="each with its comment_code (REQ-031)"
    )


class OpinionBody(Strict):
    text: FreeTextIn


class AnswerIn(Strict):
    question_code: Code
    answer_code: Code | None = Field(default=None, description="a predefined answer")
    text: FreeTextIn | None = None
    attachment_id: Id | None = Field(default=None, description="an answer about it (REQ-032)")


class AnswersBody(Strict):
    answers: list[AnswerIn] = Field(min_length=1, max_length=50)


class FurtherInfoBody(Strict):
    justification: FreeTextIn
    question_codes: list[Code] = Field(
        default_factory=list, max_length=50, description="original questions; empty: all"
    )


class DecisionBody(Strict):
    satisfactory: bool = Field(description="REQ-040: true closes the request")


class ReturnedBody(Strict):
    provide: bool = Field(description="REQ-086: true accepts to provide further information")


class CoordinatorBody(Strict):
    coordinator_id: Id


class CopyBody(Strict):
    responding_authority: bool = True
    question_codes: list[Code] = Field(default_factory=list, max_length=50)
    attachments: bool = True
    subject: bool = True
    sending_justification: bool = True
