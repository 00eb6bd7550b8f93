"""Request and response models of the requests API: a length on every string and list
(ids 64, codes 60, free texts 4,000 characters), one shape for the free texts (X-023)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from ...domain.request import RequestStatus, Side
from ...domain.visibility import View

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


class FreeTextOut(BaseModel):
    text: str
    lang: str


class QuestionOut(BaseModel):
    code: str
    comment: FreeTextOut | None
    attachment_id: str | None = Field(description="null unless attachments are visible")
    moved_to_request_id: str | None


class AttachmentOut(BaseModel):
    attachment_id: str
    filename: str
    content_ref: str
    comment_code: str | None
    is_copy_of: str | None


class SubjectFieldOut(BaseModel):
    name: str
    value: str
    personal_data: bool


class SuggestionOut(BaseModel):
    side: Side
    text: FreeTextOut
    at: datetime


class MessageOut(BaseModel):
    message_id: str
    kind: str
    side: Side
    user_id: str
    authority_id: str
    at: datetime
    text: FreeTextOut | None
    comment_code: str | None
    attachment_ids: list[str] = Field(description="empty unless attachments are visible")


class AnswerOut(BaseModel):
    question_code: str
    round: int
    answer_code: str | None
    text: FreeTextOut | None
    attachment_id: str | None
    sent_at: datetime | None = Field(description="null: a draft (REQ-032)")
    released: bool


class FurtherInfoRoundOut(BaseModel):
    round: int
    question_codes: list[str]
    justification: FreeTextOut
    requested_at: datetime
    rejection: FreeTextOut | None


class RefusedCommandOut(BaseModel):
    command: str
    rule: str
    error: str
    user_id: str
    at: datetime


class RequestView(BaseModel):
    """What the caller may see (X-011): `view` says which; PD and attachments only in `full`,
    and a `partial` view (REQ-011) has no content at all."""

    request_id: str
    ref_no: str | None = Field(default=None, description="REQ-106 / X-024 reference number")
    version: int
    view: View
    la_code: str
    status: RequestStatus
    requesting_authority_id: str
    requesting_member_state: str
    responding_authority_id: str | None
    responding_member_state: str | None
    created_at: datetime
    sent_at: datetime | None
    accepted_at: datetime | None
    closed_at: datetime | None
    pd_locked: bool = Field(default=False, description="REQ-106: retention locked its PD")
    pd_deleted: bool = Field(default=False, description="REQ-106: retention deleted its PD")
    requesting_coordinator_id: str | None = None
    responding_coordinator_id: str | None = None
    question_set_code: str | None = None
    questions: list[QuestionOut] = []
    attachments: list[AttachmentOut] = []
    subject: list[SubjectFieldOut] = []
    sending_justification: FreeTextOut | None = None
    indicative_deadline: date | None = None
    proposed_deadline: date | None = None
    split_from_request_id: str | None = None
    allocations: dict[Side, list[str]] = {}
    suggestions: list[SuggestionOut] = []
    copied_from_request_id: str | None = None
    further_info_round: int = 0
    arbitration_scenario: str | None = None
    messages: list[MessageOut] = []
    answers: list[AnswerOut] = []
    further_info_rounds: list[FurtherInfoRoundOut] = []
    refused_commands: list[RefusedCommandOut] = Field(
        default=[], description="X-001: the caller's commands the owning deployment refused"
    )


class SplitView(BaseModel):
    original: RequestView
    new_request_id: str


class IncomingRow(BaseModel):
    request_id: str
    ref_no: str | None = Field(default=None, description="REQ-106")
    la_code: str
    status: RequestStatus
    requesting_authority_id: str
    requesting_member_state: str
    received_at: datetime
