"""Request bodies of the requests API: a length on every string and list (ids 64, codes 60,
free texts 4,000 characters), one shape for the free texts (X-023). Responses: `views`."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from ...domain.request import Side

Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
Code = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.-]+$")]
Lang = Annotated[str, Field(pattern=r"^[a-z]{2}$", description="ISO 639-1 code (X-023)")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FreeTextIn(Strict):
    # X-023 / REQ-018: every free text carries its language code (the `lang` below)

    text: str = Field(min_length=1, max_length=4000)
    lang: Lang


class QuestionIn(Strict):
    code: Code
    comment: FreeTextIn | None = None
    attachment_id: Id | None = Field(default=None, description="a question about it (REQ-019)")


class AttachmentIn(Strict):
    attachment_id: Id
    filename: str = Field(min_length=1, max_length=255)
    content_ref: str = Field(min_length=1, max_length=500, description="where the file is kept")
    comment_code: Code | None = Field(default=None, description="predefined comment (X-027)")


class SubjectFieldIn(Strict):
    name: Code
    value: str = Field(max_length=500)
    personal_data: bool = Field(default=True, description="X-009: identifies the subject")


class DraftBody(Strict):
    la_code: Code
    responding_authority_id: Id | None = None
    requesting_coordinator_id: Id | None = Field(default=None, description="REQ-020")
    question_set_code: Code | None = None
    questions: list[QuestionIn] = Field(default_factory=list, max_length=50)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)
    subject: list[SubjectFieldIn] = Field(default_factory=list, max_length=30)
    sending_justification: FreeTextIn | None = None
    indicative_deadline: date | None = None


class CreateBody(DraftBody):
    send: bool = Field(default=False, description="send at once (REQ-057/REQ-058)")


class JustificationBody(Strict):
    justification: FreeTextIn


class SuggestionsBody(Strict):
    suggestions: FreeTextIn


class AcceptBody(Strict):
    coordinator_id: Id | None = Field(default=None, description="REQ-027, when several")
    proposed_deadline: date | None = Field(default=None, description="REQ-026")


class ForwardBody(JustificationBody):
    target_authority_id: Id


class SplitBody(ForwardBody):
    question_codes: list[Code] = Field(min_length=1, max_length=50)
    attachment_ids: list[Id] = Field(default_factory=list, max_length=20)


class AllocateBody(Strict):
    side: Side
    user_ids: list[Id] = Field(min_length=1, max_length=50)
