"""Domain events of the alerts service (X-051), as typed payloads of `imi_shared.envelope`.

Conventions shared by every event:
- `personal_data` holds everything that is personal data (PD-flagged provider fields,
  attachments) and nothing else, so infrastructure can seal it and strip it from the
  Commission's copy (X-011, ALR-079). Everything outside it is non-personal.
- `scope_ms`, when set, means only that participant may learn of the event (ALR-042: the
  comment phase of a closure stays inside the responsible state; a pending withdrawal or
  additional-information item stays inside the submitting state).
- `notification` / `notify_authority_ids`: the NOT §7.3 message the transition calls for and
  the authorities concerned (removed recipients are never listed, NOT-005). The notifier
  resolves users by the profile its template requires (event-carried state, X-053).
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import AwareDatetime, model_validator

from imi_shared.envelope import Event, EventCatalog
from imi_shared.participants import COMMISSION, Participant

from .actors import ActorRef
from .content import FreeText
from .enums import (
    AdditionalInfoType,
    AlertStatus,
    ClosurePeriod,
    DeliveryKind,
    ItemKind,
    Notification,
    RecipientMsStatus,
    SubItemStatus,
)


class AlertEvent(Event):
    aggregate_type: ClassVar[str] = "alert"
    aggregate_id_field: ClassVar[str] = "alert_id"

    alert_id: str
    ref_no: str | None = None
    occurred_at: AwareDatetime
    actor: ActorRef | None = None  # None: the system (period expiry)
    notification: Notification | None = None
    notify_authority_ids: tuple[str, ...] = ()
    scope_ms: str | None = None
    personal_data: dict[str, Any] | None = None


class AlertStatusChanged(AlertEvent):
    """The global status changed (or a draft was first saved: old_status None)."""

    event_type: ClassVar[str] = "alert.status_changed"

    old_status: AlertStatus | None
    new_status: AlertStatus
    coordinator_id: str | None = None
    justification: str | None = None


class AlertForwardedToCoordinator(AlertEvent):
    """ALR-017 / ALR-052: a submitted alert moved to another coordinator of the same state."""

    event_type: ClassVar[str] = "alert.forwarded_to_coordinator"

    from_coordinator_id: str
    to_coordinator_id: str
    justification: str


class AlertContentChanged(AlertEvent):
    """An edit or a correction, visible at once without a new broadcast (ALR-035)."""

    event_type: ClassVar[str] = "alert.content_changed"

    changed_fields: tuple[str, ...]
    non_personal: dict[str, Any]


class AlertDelivered(AlertEvent):
    """One copy of a broadcast alert for one participant (ALR-021, ALR-061)."""

    event_type: ClassVar[str] = "alert.delivered"

    recipient: Participant
    kind: DeliveryKind
    inbox_authority_ids: tuple[str, ...] = ()
    delivery_status: RecipientMsStatus
    overview: dict[str, Any]

    @model_validator(mode="after")
    def _commission_never_gets_pd(self) -> AlertDelivered:
        if (self.recipient == COMMISSION or self.kind is DeliveryKind.COMMISSION) and (
            self.personal_data is not None
        ):
            raise ValueError("X-011: the Commission never receives personal data")
        return self


class AlertAcknowledged(AlertEvent):
    """ALR-022 / ALR-058."""

    event_type: ClassVar[str] = "alert.acknowledged"

    member_state: Participant


class AlertRecipientsChanged(AlertEvent):
    """Recipients added (forwarding, ALR-059), removed (ALR-060) or a recipient state added."""

    event_type: ClassVar[str] = "alert.recipients_changed"

    member_state: Participant | None = None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    recipient_ms_added: tuple[str, ...] = ()


class AlertItemStatusChanged(AlertEvent):
    """Additional information, objection, comment, closure proposal or withdrawal changed."""

    event_type: ClassVar[str] = "alert.item_status_changed"

    item_id: str
    item_kind: ItemKind
    info_type: AdditionalInfoType | None = None
    old_status: SubItemStatus | None
    new_status: SubItemStatus
    author_authority_id: str | None = None
    author_ms: str | None = None
    submitted_to_coordinator_id: str | None = None
    addressed_to_ms: str | None = None
    text: FreeText | None = None
    edited: bool = False


class AlertPeriodExpired(AlertEvent):
    """ALR-068 / ALR-072: a closure period ended (the system is the actor)."""

    event_type: ClassVar[str] = "alert.period_expired"

    period: ClosurePeriod
    ended_at: AwareDatetime


ALERT_EVENTS: tuple[type[AlertEvent], ...] = (
    AlertStatusChanged,
    AlertForwardedToCoordinator,
    AlertContentChanged,
    AlertDelivered,
    AlertAcknowledged,
    AlertRecipientsChanged,
    AlertItemStatusChanged,
    AlertPeriodExpired,
)


def alert_event_catalog() -> EventCatalog:
    """A fresh catalogue of every alert event (one per consumer, never global)."""
    return EventCatalog(*ALERT_EVENTS)
