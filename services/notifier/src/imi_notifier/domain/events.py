"""What the notifier publishes on `imi.notifier.events` (past tense, no personal data)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime, Field

from imi_shared.envelope import Event


class NotificationQueued(Event):
    """A notification was recorded for sending (NOT-001: ids, template code and language
    only; no address, no name, no case content)."""

    event_type: ClassVar[str] = "notification.queued"
    schema_version: ClassVar[str] = "2.0"  # 2.0: recipient_kind/recipient_id, NOT-006 flag
    aggregate_type: ClassVar[str] = "notification"
    aggregate_id_field: ClassVar[str] = "notification_id"

    notification_id: str = Field(max_length=200)
    code: str = Field(max_length=64)
    recipient_kind: str = Field(max_length=10)  # user | authority | invitee
    recipient_id: str = Field(max_length=100)
    authority_id: str = Field(max_length=100)
    member_state: str = Field(max_length=2)
    language: str = Field(max_length=2)
    action_required: bool = False  # NOT-006: feeds the recipient's action list
    case_type: str | None = Field(default=None, max_length=20)
    case_ref: str | None = Field(default=None, max_length=100)  # reference number only
    queued_at: AwareDatetime


PUBLISHED = (NotificationQueued,)
