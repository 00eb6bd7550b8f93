"""Read models returned by `visibility.project` / `list_row` (X-011, ALR-048, ALR-077)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from .content import Attachment, FreeText, ProviderField
from .delivery import Recipient
from .enums import ItemKind, SubItemStatus
from .history import HistoryEntry


class Access(StrEnum):
    FULL = "full"
    NON_PERSONAL = "non_personal"  # the Commission (ALR-079)
    REDUCED = "reduced"  # closed / withdrawn / PD locked (ALR-038, ALR-048)
    REMOVED = "removed"  # removed recipient (ALR-026)


class _View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AlertOverview(_View):
    """The non-personal summary (ALR-077 list columns and the reduced view's overview)."""

    ref_no: str | None
    status: str
    service_activity_code: str | None
    establishment_ms: str
    launching_authority_id: str
    launching_ms: str
    broadcasting_coordinator_id: str | None
    recipient_ms: tuple[str, ...]
    broadcast_at: datetime | None
    closed_at: datetime | None
    withdrawn_at: datetime | None
    provider_non_personal: tuple[ProviderField, ...]


class ItemView(_View):
    item_id: str
    kind: ItemKind
    info_type: str | None
    status: SubItemStatus
    author_authority_id: str
    author_ms: str
    addressed_to_ms: str | None
    text: FreeText
    submitted_at: datetime
    broadcast_at: datetime | None
    attachments: tuple[Attachment, ...] | None  # None: hidden personal data


class ClosureView(_View):
    proposal_id: str
    status: SubItemStatus
    text: FreeText
    proposer_authority_id: str
    closure_coordinator_id: str
    comment_period_ends_at: datetime
    objection_period_ends_at: datetime | None
    objection_period_ended: bool
    comments: tuple[ItemView, ...]


class WithdrawalView(_View):
    status: SubItemStatus
    justification: str
    submitted_at: datetime
    broadcast_at: datetime | None


class PersonalDataView(_View):
    provider: tuple[ProviderField, ...]
    attachments: tuple[Attachment, ...]


class AlertView(_View):
    alert_id: str
    access: Access
    overview: AlertOverview
    description: FreeText | None = None
    suggested_recipients: FreeText | None = None
    personal_data: PersonalDataView | None = None
    recipients: tuple[Recipient, ...]
    items: tuple[ItemView, ...] = ()
    closure_proposal: ClosureView | None = None
    withdrawal: WithdrawalView | None = None
    history: tuple[HistoryEntry, ...]
