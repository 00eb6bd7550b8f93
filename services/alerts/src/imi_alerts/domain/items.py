"""Sub-items of a broadcast alert: additional information (incl. objections) and closure
comments (ALR-004, ALR-005, ALR-028..031, ALR-082)."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict

from .actors import CoordinatorRef
from .content import Attachment, FreeText
from .enums import AdditionalInfoType, ItemKind, SubItemStatus
from .errors import Conflict, NotFound
from .parts import ListPart


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
            raise Conflict(rule_id, f"item {self.item_id} is {self.status}, not submitted")

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


class Items(ListPart[AlertItem]):
    """The alert's sub-items (stored as the `items` list): additional information and comments."""

    def add(self, item: AlertItem) -> AlertItem:
        self.append(item)
        return item

    def new_id(self, alert_id: str) -> str:
        return self.next_id(alert_id, "I")

    def information(self, item_id: str, rule_id: str) -> AlertItem:
        """The additional-information item `item_id`, or `NotFound` naming `rule_id`."""
        found = next(
            (i for i in self if i.item_id == item_id and i.kind is ItemKind.ADDITIONAL_INFORMATION),
            None,
        )
        if found is None:
            raise NotFound(rule_id, f"no additional-information item {item_id}")
        return found

    def comments_on(self, proposal_id: str) -> list[AlertItem]:
        """ALR-042: the comments on one closure proposal."""
        return [
            i for i in self if i.kind is ItemKind.COMMENT and i.closure_proposal_id == proposal_id
        ]

    def informing_states(self) -> set[str]:
        """ALR-004: the states that gave (broadcast) information may be asked to clarify it."""
        return {
            i.author_ms
            for i in self
            if i.status is SubItemStatus.BROADCAST and i.info_type is AdditionalInfoType.INFORMATION
        }

    def coordinator_ids(self) -> set[str]:
        """The coordinators that live items were submitted to (they see the alert)."""
        return {
            i.submitted_to.authority_id
            for i in self
            if i.submitted_to is not None and i.status is not SubItemStatus.DELETED
        }

    def refresh_coordinator(self, coordinator_id: str, final_approval: bool) -> None:
        """DIR-037: the final-approval parameter of a coordinator changed."""
        for item in self:
            if item.submitted_to is not None and item.submitted_to.authority_id == coordinator_id:
                item.submitted_to = item.submitted_to.model_copy(
                    update={"final_approval": final_approval}
                )

    def drop_attachments(self) -> None:
        """X-009: attachments are personal data."""
        for item in self:
            item.attachments = ()
