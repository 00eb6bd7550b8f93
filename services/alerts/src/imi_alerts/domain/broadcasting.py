"""Broadcast and its fan-out: one copy per participant (ALR-021, ALR-057, ALR-061)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from imi_shared.participants import COMMISSION

from .actors import Actor
from .deliveries import Deliveries
from .enums import AlertStatus, DeliveryKind, Notification
from .errors import InvalidInput
from .events import AlertDelivered, AlertEvent
from .record import (
    AlertRecord,
    check_establishment,
    coordinator,
    emit,
    event_base,
    log,
    move,
    require_aware,
    require_status,
)
from .rights import require_coordinator_forwarder, require_may_act


def broadcast(
    rec: AlertRecord,
    deliveries: Deliveries,
    actor: Actor,
    inboxes: Mapping[str, Sequence[str]],
    now: datetime,
) -> list[AlertEvent]:
    """ALR-021 / ALR-057: copies to every recipient state's inbox(es), the Commission
    (without personal data) and the launching state's own inbox(es).

    `inboxes` maps each recipient state, and the launching state, to its inbox authority ids
    (from the directory read model). Returns the status change and one `AlertDelivered` per
    participant.
    """
    require_aware(now)
    require_broadcaster(rec, actor)
    require_status(rec, [AlertStatus.AWAITING_BROADCAST], "ALR-057", "broadcast")
    chosen = coordinator(rec)
    if not rec.content.recipient_ms:
        raise InvalidInput("ALR-051", "select at least one recipient member state")
    check_establishment(rec, rec.content.establishment_ms, rec.content.recipient_ms, "ALR-007")
    for ms in (*rec.content.recipient_ms, rec.launching_ms):
        if not tuple(inboxes.get(ms, ())):
            raise InvalidInput("ALR-010", f"{ms} has no incoming-alerts mailbox")
    rec.broadcast_at = now
    events = move(rec, actor, now, AlertStatus.BROADCAST, coordinator_id=chosen.authority_id)
    for ms in rec.content.recipient_ms:
        events += deliver(
            rec, deliveries, ms, DeliveryKind.RECIPIENT_MS, tuple(inboxes[ms]), now, actor
        )
    events += deliver(
        rec,
        deliveries,
        rec.launching_ms,
        DeliveryKind.ORIGIN_COPY,
        tuple(inboxes[rec.launching_ms]),
        now,
        actor,
    )
    events += deliver(rec, deliveries, COMMISSION, DeliveryKind.COMMISSION, (), now, actor)
    deliveries.mark_acted(actor)
    return events


def require_broadcaster(rec: AlertRecord, actor: Actor) -> None:
    """ALR-057: a forwarder of the selected coordinator (X-010: before any status or input)."""
    require_may_act(actor)
    require_coordinator_forwarder(actor, rec.selected_coordinator, "ALR-057", "broadcasting")


def deliver(
    rec: AlertRecord,
    deliveries: Deliveries,
    participant: str,
    kind: DeliveryKind,
    inbox_ids: tuple[str, ...],
    now: datetime,
    actor: Actor,
) -> list[AlertEvent]:
    """ALR-021: the participant's copy (see `Deliveries.deliver`) and its `AlertDelivered`."""
    delivery = deliveries.deliver(
        participant,
        kind,
        inbox_ids,
        now,
        launching_authority_id=rec.launching_authority_id,
        coordinator=coordinator(rec),
    )
    status = delivery.status
    log(rec, "delivered", now, actor, to=participant, kind=kind.value)
    incoming = kind is DeliveryKind.RECIPIENT_MS
    return emit(
        rec,
        AlertDelivered(
            **event_base(rec, now, actor),
            recipient=participant,
            kind=kind,
            inbox_authority_ids=inbox_ids,
            delivery_status=status,
            overview=delivery_overview(rec),
            personal_data=None if kind is DeliveryKind.COMMISSION else rec.content.personal_data(),
            notification=Notification.INCOMING if incoming else None,
            notify_authority_ids=inbox_ids if incoming else (),
        ),
    )


def delivery_overview(rec: AlertRecord) -> dict[str, object]:
    """The non-personal content shipped with every copy (X-011 "non-PD content")."""
    c = rec.content
    return {
        "ref_no": rec.ref_no,
        "launching_authority_id": rec.launching_authority_id,
        "launching_ms": rec.launching_ms,
        "broadcasting_coordinator_id": (
            rec.selected_coordinator.authority_id if rec.selected_coordinator else None
        ),
        "service_activity_code": c.service_activity_code,
        "establishment_ms": c.establishment_ms,
        "recipient_ms": list(c.recipient_ms),
        "description": c.description.model_dump() if c.description else None,
        "suggested_recipients": (
            c.suggested_recipients.model_dump() if c.suggested_recipients else None
        ),
        "provider_non_personal": [f.model_dump() for f in c.non_personal_provider()],
        "broadcast_at": rec.broadcast_at.isoformat() if rec.broadcast_at else None,
    }
