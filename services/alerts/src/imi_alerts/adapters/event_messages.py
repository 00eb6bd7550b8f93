"""What `imi.alerts.events` carries: the domain events (X-051) as wire messages, with the
alert's free text SEALED under the case key (issue 9 item 7; X-009, RET-004).

The domain events hold case content (a justification, the description and suggested
recipients of a delivered or corrected alert, an item's text). On this topic (read by
retention, the directory's open-cases model and, later, the notifier: none of them needs the
texts) those fields leave the clear payload and travel together in `sealed_texts`, a JSON
object `{field: value}` sealed under the alert's case key, so that shredding the key
(RET-013/015) reaches these records too. In clear stays only what routing and read models
need: ids, statuses, kinds, member states, the notification and who it concerns.

- The event types whose shape changed are **2.0** (`SEALED_FIELDS`). Their 1.0 (texts in
  clear) are not published any more; a consumer's narrow model that reads only clear fields
  reads both majors alike (its model declares 2.0, and 1.0 payloads still validate).
- `alert.acknowledged`, `alert.recipients_changed`, `alert.period_expired` hold no text: they
  stay 1.0, as the domain defines them, `personal_data` always null.
- `sealed_texts` is null when none of the fields is set, or once the case key is shredded.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from pydantic import AwareDatetime, Field

from imi_shared.envelope import Event
from imi_shared.participants import Participant
from imi_shared.sealing import KeyShredded, SealedValue, Sealer

from ..domain import (
    ALERT_EVENTS,
    ActorRef,
    AdditionalInfoType,
    AlertContentChanged,
    AlertDelivered,
    AlertEvent,
    AlertForwardedToCoordinator,
    AlertItemStatusChanged,
    AlertStatus,
    AlertStatusChanged,
    DeliveryKind,
    ItemKind,
    Notification,
    RecipientMsStatus,
    SubItemStatus,
)

_ID = 100  # bound of an id in clear


class SealedAlertEvent(Event):
    """The clear part every sealed alert event shares (the domain's `AlertEvent` minus
    `personal_data`, never on this topic) and the sealed texts."""

    aggregate_type: ClassVar[str] = "alert"
    aggregate_id_field: ClassVar[str] = "alert_id"
    schema_version: ClassVar[str] = "2.0"
    sealed_fields: ClassVar[tuple[str, ...]]

    alert_id: str = Field(max_length=_ID)
    ref_no: str | None = Field(default=None, max_length=64)
    occurred_at: AwareDatetime
    actor: ActorRef | None = None
    notification: Notification | None = None
    notify_authority_ids: tuple[str, ...] = Field(default=(), max_length=10_000)
    scope_ms: str | None = Field(default=None, max_length=2)
    sealed_texts: SealedValue | None = None  # {field: value} of `sealed_fields`


class StatusChanged(SealedAlertEvent):
    """The global status changed (or a draft was first saved: old_status None); the
    justification (a withdrawal's, X-026) sealed."""

    event_type: ClassVar[str] = AlertStatusChanged.event_type
    sealed_fields: ClassVar[tuple[str, ...]] = ("justification",)

    old_status: AlertStatus | None
    new_status: AlertStatus
    coordinator_id: str | None = Field(default=None, max_length=_ID)


class ForwardedToCoordinator(SealedAlertEvent):
    """ALR-017 / ALR-052: to another coordinator of the same state; the justification sealed."""

    event_type: ClassVar[str] = AlertForwardedToCoordinator.event_type
    sealed_fields: ClassVar[tuple[str, ...]] = ("justification",)

    from_coordinator_id: str = Field(max_length=_ID)
    to_coordinator_id: str = Field(max_length=_ID)


class ContentChanged(SealedAlertEvent):
    """An edit or a correction (ALR-035); the changed content sealed, the field names in clear."""

    event_type: ClassVar[str] = AlertContentChanged.event_type
    sealed_fields: ClassVar[tuple[str, ...]] = ("non_personal",)

    changed_fields: tuple[str, ...] = Field(max_length=50)


class Delivered(SealedAlertEvent):
    """One copy of a broadcast alert for one participant (ALR-021, ALR-061); its overview
    (description, suggested recipients, provider fields...) sealed."""

    event_type: ClassVar[str] = AlertDelivered.event_type
    sealed_fields: ClassVar[tuple[str, ...]] = ("overview",)

    recipient: Participant
    kind: DeliveryKind
    inbox_authority_ids: tuple[str, ...] = Field(default=(), max_length=10_000)
    delivery_status: RecipientMsStatus


class ItemStatusChanged(SealedAlertEvent):
    """An item (information, objection, comment, closure proposal, withdrawal) changed; its
    text sealed."""

    event_type: ClassVar[str] = AlertItemStatusChanged.event_type
    sealed_fields: ClassVar[tuple[str, ...]] = ("text",)

    item_id: str = Field(max_length=_ID + 20)
    item_kind: ItemKind
    info_type: AdditionalInfoType | None = None
    old_status: SubItemStatus | None
    new_status: SubItemStatus
    author_authority_id: str | None = Field(default=None, max_length=_ID)
    author_ms: str | None = Field(default=None, max_length=2)
    submitted_to_coordinator_id: str | None = Field(default=None, max_length=_ID)
    addressed_to_ms: str | None = Field(default=None, max_length=2)
    edited: bool = False


SEALED: dict[str, type[SealedAlertEvent]] = {
    cls.event_type: cls
    for cls in (StatusChanged, ForwardedToCoordinator, ContentChanged, Delivered, ItemStatusChanged)
}

#: what `imi.alerts.events` carries, one class per event type (the contract's publication)
PUBLISHED: tuple[type[Event], ...] = tuple(SEALED.get(e.event_type, e) for e in ALERT_EVENTS)


async def to_wire(
    event: AlertEvent, sealer: Sealer, sealed: dict[str, SealedValue | None] | None = None
) -> Event:
    """The message `event` becomes on `imi.alerts.events` (personal data never, texts sealed).

    `sealed`: the texts already sealed for the events of one publication, by their JSON
    (issue 10: a broadcast's 31 `alert.delivered` carry the same overview, sealed once)."""
    cleared = event.model_copy(update={"personal_data": None})
    wire = SEALED.get(event.event_type)
    if wire is None:
        return cleared
    payload = cleared.model_dump(mode="json", exclude={"personal_data"})
    texts = {name: payload.pop(name) for name in wire.sealed_fields}
    memo = {} if sealed is None else sealed
    key = f"{event.alert_id}:{json.dumps(texts, sort_keys=True)}"
    if key not in memo:
        memo[key] = await _seal(sealer, event, texts)
    return wire.model_validate({**payload, "sealed_texts": memo[key]})


async def _seal(sealer: Sealer, event: AlertEvent, texts: dict[str, Any]) -> SealedValue | None:
    if all(value in (None, {}, [], "") for value in texts.values()):
        return None
    try:
        return await sealer.seal(event.alert_id, texts)
    except KeyShredded:
        return None  # the case key was shredded (RET-013/015): nothing of it may travel
