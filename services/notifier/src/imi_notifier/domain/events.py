"""What the notifier publishes on `imi.notifier.events` (past tense, no personal data)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from pydantic import AwareDatetime, Field

from imi_shared.envelope import Event

if TYPE_CHECKING:
    from .notification import Notification


class NotificationQueued(Event):
    """A notification was recorded for sending (NOT-001: ids, template code and language
    only; no address, no name, no case content)."""

    event_type: ClassVar[str] = "notification.queued"
    aggregate_type: ClassVar[str] = "notification"
    aggregate_id_field: ClassVar[str] = "notification_id"

    notification_id: str = Field(max_length=200)
    code: str = Field(max_length=64)
    recipient_user_id: str = Field(max_length=100)
    authority_id: str = Field(max_length=100)
    member_state: str = Field(max_length=2)
    language: str = Field(max_length=2)
    queued_at: AwareDatetime

    @classmethod
    def of(cls, n: Notification) -> NotificationQueued:
        return cls(
            notification_id=n.notification_id,
            code=n.code,
            recipient_user_id=n.recipient_user_id,
            authority_id=n.authority_id,
            member_state=n.member_state,
            language=n.language,
            queued_at=n.queued_at,
        )


PUBLISHED = (NotificationQueued,)
