"""Recipient side: acknowledge, forward within the state, remove recipients
(ALR-022..027, ALR-058..060)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .actors import Actor, RecipientAuthority
from .deliveries import Deliveries
from .enums import ACTIVE, AFTER_BROADCAST, AlertStatus, Notification, RecipientMsStatus
from .events import AlertAcknowledged, AlertEvent, AlertRecipientsChanged
from .record import (
    AlertRecord,
    emit,
    event_base,
    log,
    require_aware,
    require_status,
    responsible_ms,
)
from .rights import require_forwarder, require_may_act


def acknowledge(
    rec: AlertRecord, deliveries: Deliveries, actor: Actor, now: datetime
) -> list[AlertEvent]:
    """ALR-022 / ALR-058: an inbox forwarder of a recipient state acknowledges receipt."""
    require_aware(now)
    require_may_act(actor)  # rights first, then the status
    require_forwarder(actor, "ALR-022", "acknowledging receipt")
    require_status(rec, AFTER_BROADCAST, "ALR-058", "acknowledge")
    deliveries.own(actor, "ALR-022").acknowledge(actor, now)
    log(rec, "acknowledged", now, actor)
    return emit(
        rec, AlertAcknowledged(**event_base(rec, now, actor), member_state=actor.member_state)
    )


def forward_within_ms(
    rec: AlertRecord,
    deliveries: Deliveries,
    actor: Actor,
    authorities: Sequence[RecipientAuthority],
    now: datetime,
) -> list[AlertEvent]:
    """ALR-023..025 / ALR-027 / ALR-059: add recipients of the forwarder's own state; the
    new recipients' handlers and forwarders are notified (N_ALR_FORWARDED)."""
    require_aware(now)
    require_may_act(actor)  # rights first, then the status
    require_forwarder(actor, "ALR-059", "forwarding within the member state")
    require_status(rec, ACTIVE, "ALR-059", "forward")
    added = deliveries.own(actor, "ALR-023").add_recipients(actor, authorities, now)
    log(rec, "forwarded", now, actor, added=",".join(added))
    return emit(
        rec,
        AlertRecipientsChanged(
            **event_base(rec, now, actor),
            member_state=actor.member_state,
            added=tuple(added),
            notification=Notification.FORWARDED,
            notify_authority_ids=tuple(added),
        ),
    )


def remove_recipient(
    rec: AlertRecord, deliveries: Deliveries, actor: Actor, authority_id: str, now: datetime
) -> list[AlertEvent]:
    """ALR-026 / ALR-060: the removed recipient is not told and loses later steps."""
    require_aware(now)
    require_may_act(actor)  # rights first, then the status
    require_forwarder(actor, "ALR-026", "removing a recipient")
    require_status(rec, ACTIVE, "ALR-060", "remove a recipient")
    delivery = deliveries.own(actor, "ALR-026")
    delivery.remove_recipient(
        actor, authority_id, now, visible_status(rec, deliveries, actor.member_state)
    )
    log(rec, "recipient_removed", now, actor, removed=authority_id)
    return emit(
        rec,
        AlertRecipientsChanged(
            **event_base(rec, now, actor),
            member_state=actor.member_state,
            removed=(authority_id,),
        ),
    )


def visible_status(rec: AlertRecord, deliveries: Deliveries, participant: str) -> str:
    """The status as shown to one participant (ALR-003, ALR-042, ALR-087)."""
    status = rec.status
    if status in (
        AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS,
        AlertStatus.CLOSURE_PROPOSAL_AWAITING_BROADCAST,
    ) and (participant != responsible_ms(rec)):
        status = AlertStatus.BROADCAST
    if deliveries.awaits_acknowledgement(participant) and status in ACTIVE:
        return RecipientMsStatus.AWAITING_ACKNOWLEDGEMENT.value
    return status.value
