"""Notifications in MongoDB (collection `notifications`), with optimistic versions."""

from __future__ import annotations

from typing import ClassVar

from imi_shared.documents import Document
from imi_shared.repository import VersionedRepository

from ..domain.notification import Notification


class NotificationRepository(VersionedRepository[Notification]):
    collection: ClassVar[str] = "notifications"
    rule: ClassVar[str] = "NOT-001"

    def identity(self, aggregate: Notification) -> str:
        return aggregate.notification_id

    def to_document(self, aggregate: Notification) -> Document:
        return {
            "code": aggregate.code,
            "recipient_user_id": aggregate.recipient_user_id,
            "authority_id": aggregate.authority_id,
            "member_state": aggregate.member_state,
            "language": aggregate.language,
            "status": aggregate.status,
            "queued_at": aggregate.queued_at,
        }

    def from_document(self, document: Document) -> Notification:
        return Notification(
            notification_id=document["_id"],
            code=document["code"],
            recipient_user_id=document["recipient_user_id"],
            authority_id=document["authority_id"],
            member_state=document["member_state"],
            language=document["language"],
            status=document["status"],
            queued_at=document["queued_at"],
        )
