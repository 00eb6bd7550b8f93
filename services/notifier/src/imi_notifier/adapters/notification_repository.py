"""Notifications in MongoDB (collection `notifications`), with optimistic versions."""

from __future__ import annotations

from typing import ClassVar

from imi_shared.documents import Document
from imi_shared.repository import VersionedRepository
from imi_shared.sealing import SealedValue

from ..domain.notification import Notification

FIELDS = (
    "code",
    "recipient_kind",
    "recipient_id",
    "authority_id",
    "member_state",
    "language",
    "queued_at",
    "source_event_id",
    "case_type",
    "case_ref",
    "link",
    "action_required",
    "params",
    "status",
    "read_at",
)


class NotificationRepository(VersionedRepository[Notification]):
    collection: ClassVar[str] = "notifications"
    rule: ClassVar[str] = "NOT-001"

    def identity(self, aggregate: Notification) -> str:
        return aggregate.notification_id

    def to_document(self, aggregate: Notification) -> Document:
        doc: Document = {name: getattr(aggregate, name) for name in FIELDS}
        doc["secret"] = None if aggregate.secret is None else aggregate.secret.model_dump()
        return doc

    def from_document(self, document: Document) -> Notification:
        secret = document.get("secret")
        return Notification(
            notification_id=document["_id"],
            secret=None if secret is None else SealedValue.model_validate(secret),
            **{name: document.get(name) for name in FIELDS if name in document},
        )
