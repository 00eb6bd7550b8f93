"""The notifier's narrow models of the alerts service's events (`imi.alerts.events`, X-051).

The alerts service names, on each event, the NOT §7.3 code its transition calls for and the
authorities concerned (`notification`, `notify_authority_ids`; removed recipients never
listed); the notifier resolves the users by the code's alert profile (X-053). Never imports
`imi_alerts`; `tests/test_alerts_contract.py` checks each model against the alerts
service's checked-in schemas. Sealed texts and personal data are never read (NOT-001).
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from imi_shared.contracts import expects
from imi_shared.envelope import Event, EventCatalog

ID, MANY = 100, 10000
ORIGIN_COPY = "origin_copy"  # ALR-021: the launching MS's own inbox copy
CLOSURE_PROPOSAL = "closure_proposal"


class ActorRef(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    authority_id: str = Field(max_length=ID)
    member_state: str = Field(max_length=2)
    user_id: str = Field(max_length=ID)


class _AlertEvent(Event):
    aggregate_type: ClassVar[str] = "alert"
    aggregate_id_field: ClassVar[str] = "alert_id"
    schema_version: ClassVar[str] = "2.0"

    alert_id: str = Field(max_length=ID)
    ref_no: str | None = Field(default=None, max_length=64)
    actor: ActorRef | None = None
    notification: str | None = Field(default=None, max_length=64)
    notify_authority_ids: tuple[str, ...] = Field(default=(), max_length=MANY)


class AlertStatusChanged(_AlertEvent):
    event_type: ClassVar[str] = "alert.status_changed"

    old_status: str | None = Field(max_length=60)
    coordinator_id: str | None = Field(default=None, max_length=ID)


class AlertForwardedToCoordinator(_AlertEvent):
    event_type: ClassVar[str] = "alert.forwarded_to_coordinator"

    to_coordinator_id: str = Field(max_length=ID)


class AlertContentChanged(_AlertEvent):
    event_type: ClassVar[str] = "alert.content_changed"


class AlertDelivered(_AlertEvent):
    event_type: ClassVar[str] = "alert.delivered"

    recipient: str = Field(max_length=2)
    kind: str = Field(max_length=20, json_schema_extra=expects(ORIGIN_COPY))
    inbox_authority_ids: tuple[str, ...] = Field(default=(), max_length=MANY)


class AlertRecipientsChanged(_AlertEvent):
    event_type: ClassVar[str] = "alert.recipients_changed"
    schema_version: ClassVar[str] = "1.0"

    added: tuple[str, ...] = Field(default=(), max_length=MANY)
    removed: tuple[str, ...] = Field(default=(), max_length=MANY)


class AlertItemStatusChanged(_AlertEvent):
    event_type: ClassVar[str] = "alert.item_status_changed"

    item_kind: str = Field(max_length=40, json_schema_extra=expects(CLOSURE_PROPOSAL))
    author_ms: str | None = Field(default=None, max_length=2)


class AlertPeriodExpired(_AlertEvent):
    event_type: ClassVar[str] = "alert.period_expired"
    schema_version: ClassVar[str] = "1.0"


USED: tuple[type[_AlertEvent], ...] = (
    AlertStatusChanged,
    AlertForwardedToCoordinator,
    AlertContentChanged,
    AlertDelivered,
    AlertRecipientsChanged,
    AlertItemStatusChanged,
    AlertPeriodExpired,
)
ROUTED_TYPES = tuple(m.event_type for m in USED)


def alerts_catalog() -> EventCatalog:
    return EventCatalog(*USED)
