"""Withdrawal in two steps (ALR-036..038, ALR-075, ALR-076)."""

from __future__ import annotations

from datetime import datetime

from .actors import Actor
from .deliveries import Deliveries
from .enums import LIVE, UNBROADCAST, AlertStatus, ItemKind, Notification, SubItemStatus
from .errors import Conflict
from .events import AlertEvent, AlertItemStatusChanged
from .record import (
    AlertRecord,
    emit,
    event_base,
    move,
    require_aware,
    require_status,
)
from .rights import (
    require_coordinator_forwarder,
    require_editor_right,
    require_final_approval_rule,
    require_handler_of,
    require_justification,
    require_may_act,
)
from .withdrawals import Withdrawal, Withdrawals

_AWAITING_WITHDRAWAL = AlertStatus.WITHDRAWAL_AWAITING_BROADCAST


def _withdrawal_event(
    rec: AlertRecord,
    w: Withdrawal,
    actor: Actor,
    now: datetime,
    old: SubItemStatus | None,
    scope_ms: str | None,
) -> list[AlertEvent]:
    return emit(
        rec,
        AlertItemStatusChanged(
            **event_base(rec, now, actor),
            item_id=w.withdrawal_id,
            item_kind=ItemKind.WITHDRAWAL,
            old_status=old,
            new_status=w.status,
            author_authority_id=w.submitted_by_authority_id,
            author_ms=rec.launching_ms,
            scope_ms=scope_ms,
        ),
    )


def submit_withdrawal(
    rec: AlertRecord,
    deliveries: Deliveries,
    withdrawals: Withdrawals,
    actor: Actor,
    justification: str,
    now: datetime,
) -> list[AlertEvent]:
    """ALR-036 / ALR-037 / ALR-075: a handler of the launching authority or of its (the
    broadcasting) coordinator proposes the withdrawal, with its reason (X-026)."""
    require_aware(now)
    require_may_act(actor)  # rights first, then the status and the input
    coordinator = rec.selected_coordinator
    require_handler_of(
        actor,
        [rec.launching_authority_id, *([coordinator.authority_id] if coordinator else [])],
        "ALR-037",
        "submitting a withdrawal",
    )
    if rec.status is AlertStatus.DRAFT or rec.status in UNBROADCAST:
        raise Conflict("ALR-036", "an unbroadcast alert is deleted, not withdrawn")
    require_status(rec, LIVE, "ALR-075", "submit a withdrawal")
    assert coordinator is not None
    reason = require_justification(justification, "X-026", "a withdrawal")
    w = Withdrawal(
        withdrawal_id=withdrawals.new_id(rec.alert_id),
        justification=reason,
        submitted_by_user_id=actor.user_id,
        submitted_by_authority_id=actor.authority_id,
        submitted_at=now,
        previous_status=rec.status,
    )
    withdrawals.append(w)
    deliveries.mark_acted(actor)
    events = move(
        rec,
        actor,
        now,
        _AWAITING_WITHDRAWAL,
        justification=reason,
        notification=Notification.WITHDRAWAL_SUBMITTED,
        notify=(coordinator.authority_id,),
        coordinator_id=coordinator.authority_id,
    )
    return events + _withdrawal_event(rec, w, actor, now, None, rec.launching_ms)


def broadcast_withdrawal(
    rec: AlertRecord, deliveries: Deliveries, withdrawals: Withdrawals, actor: Actor, now: datetime
) -> list[AlertEvent]:
    """ALR-037 / ALR-076: a forwarder of the coordinator that broadcast the alert; the alert
    is no longer active and recipients see only the reduced view (ALR-038)."""
    require_aware(now)
    require_may_act(actor)  # rights first, then the status
    coordinator = rec.selected_coordinator
    require_coordinator_forwarder(actor, coordinator, "ALR-037", "broadcasting the withdrawal")
    require_status(rec, [_AWAITING_WITHDRAWAL], "ALR-076", "broadcast the withdrawal")
    assert coordinator is not None
    w = withdrawals.pending
    assert w is not None
    w.status, w.broadcast_at = SubItemStatus.BROADCAST, now
    w.broadcast_by_user_id = actor.user_id
    rec.withdrawn_at = now
    deliveries.mark_acted(actor)
    events = move(
        rec,
        actor,
        now,
        AlertStatus.WITHDRAWN,
        notification=Notification.WITHDRAWN,
        notify=deliveries.active_recipient_ids(),
        justification=w.justification,
    )
    return events + _withdrawal_event(rec, w, actor, now, SubItemStatus.SUBMITTED, None)


def cancel_withdrawal(
    rec: AlertRecord, withdrawals: Withdrawals, actor: Actor, now: datetime
) -> list[AlertEvent]:
    """[INFERRED] ALR-005 lists `cancelled` for withdrawals: before its broadcast, under the
    final-approval rule, the proposal is cancelled and the alert returns to its status."""
    require_aware(now)
    require_may_act(actor)  # rights first, then the status
    coordinator = rec.selected_coordinator
    w = withdrawals.pending
    if coordinator is None or w is None:
        require_editor_right(actor, coordinator, "ALR-005", "cancelling the withdrawal")
    else:
        require_final_approval_rule(
            actor, coordinator, w.submitted_by_authority_id, "ALR-005", "cancelling the withdrawal"
        )
    require_status(rec, [_AWAITING_WITHDRAWAL], "ALR-005", "cancel the withdrawal")
    assert coordinator is not None and w is not None
    w.status, w.cancelled_at = SubItemStatus.CANCELLED, now
    events = move(rec, actor, now, w.previous_status)
    return events + _withdrawal_event(rec, w, actor, now, SubItemStatus.SUBMITTED, rec.launching_ms)
