"""Response models of the requests API: what a caller may see of a request (X-010, X-011),
its lists' rows (§4.12) and a split's answer (REQ-036). The bodies are in `schemas`."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from ...domain.request import RequestStatus, Side
from ...domain.visibility import View


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
