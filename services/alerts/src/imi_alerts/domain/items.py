"""Sub-items of a broadcast alert: additional information (incl. objections) and closure
comments (ALR-004, ALR-005, ALR-028..031, ALR-082)."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict

from .actors import CoordinatorRef
from .content import Attachment, FreeText
from .enums import AdditionalInfoType, ItemKind, SubItemStatus
from .errors import InvalidState


class AlertItem(BaseModel):
    """ALR-082 `AlertItem` for kinds `additional_information` and `comment`.

    The text is non-personal content; attachments are personal data (X-009).
    """

    model_config = ConfigDict(extra="forbid")

    item_id: str
    kind: ItemKind
    info_type: AdditionalInfoType | None = None
    status: SubItemStatus = SubItemStatus.SUBMITTED
    author_user_id: str
    author_authority_id: str
    author_ms: str
    submitted_to: CoordinatorRef | None = None  # None for comments (no coordinator, ALR-041)
    addressed_to_ms: str | None = None  # clarification requests (ALR-004)
    text: FreeText
    attachments: tuple[Attachment, ...] = ()
    submitted_at: AwareDatetime
    updated_at: AwareDatetime | None = None
    broadcast_at: AwareDatetime | None = None
    closure_proposal_id: str | None = None  # comments: the proposal they comment on
    included_in_broadcast: bool | None = None  # comments (ALR-045)

    @property
    def is_objection(self) -> bool:
        return self.info_type is AdditionalInfoType.OBJECTION_TO_CLOSURE

    def require_submitted(self, rule_id: str) -> None:
        if self.status is not SubItemStatus.SUBMITTED:
            raise InvalidState(rule_id, f"item {self.item_id} is {self.status}, not submitted")

    def edit(
        self, text: FreeText | None, attachments: tuple[Attachment, ...] | None, now: datetime
    ) -> None:
        if text is not None:
            self.text = text
        if attachments is not None:
            self.attachments = attachments
        self.updated_at = now

    def mark_broadcast(self, now: datetime) -> None:
        self.status = SubItemStatus.BROADCAST
        self.broadcast_at = now

    def mark_deleted(self, now: datetime) -> None:
        self.status = SubItemStatus.DELETED
        self.updated_at = now
