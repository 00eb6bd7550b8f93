"""The record part of the `Alert` aggregate: identity, status, content and history, and the
helpers every command uses on it: `move` (status change), `log` (history, X-025), `emit`
(pending events) and `require_status` (the status guard of each command's table row).

`AlertRecord` is the shape the command modules need; `alert.Alert` (which holds these fields
in its stored form) satisfies it, so the command modules never import the aggregate root and
the domain has no import cycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, Protocol

from imi_shared.participants import UnknownParticipant, check_member_state

from .actors import Actor, CoordinatorRef
from .content import AlertContent
from .enums import UNKNOWN_MSE, AlertStatus, Notification
from .errors import Conflict, InvalidInput
from .events import AlertEvent, AlertStatusChanged
from .history import HistoryEntry, new_entry


class AlertRecord(Protocol):
    alert_id: str
    ref_no: str | None
    status: AlertStatus
    launching_authority_id: str
    launching_ms: str
    selected_coordinator: CoordinatorRef | None
    content: AlertContent
    broadcast_at: datetime | None
    closed_at: datetime | None
    withdrawn_at: datetime | None
    deleted_at: datetime | None
    history: tuple[HistoryEntry, ...]
    pd_locked: bool
    pd_deleted: bool

    @property
    def pending_events(self) -> list[AlertEvent]:
        """The events raised and not pulled yet (the list itself, appended to by `emit`)."""
        ...


def require_aware(now: datetime) -> datetime:
    """The injected clock must be aware UTC (a programming error otherwise, not a refusal)."""
    if now.tzinfo is None or now.utcoffset() != timedelta(0):
        raise ValueError("`now` must be a timezone-aware UTC datetime")
    return now


def emit(rec: AlertRecord, *events: AlertEvent) -> list[AlertEvent]:
    rec.pending_events.extend(events)
    return list(events)


def log(
    rec: AlertRecord,
    action: str,
    now: datetime,
    actor: Actor | None = None,
    *,
    justification: str | None = None,
    scope_ms: str | None = None,
    **details: str,
) -> None:
    """X-025: one more immutable history entry."""
    rec.history = new_entry(
        rec.history,
        action,
        now,
        actor,
        justification=justification,
        scope_ms=scope_ms,
        **details,
    )


def event_base(rec: AlertRecord, now: datetime, actor: Actor | None) -> dict[str, Any]:
    """The fields every alert event starts with."""
    return {
        "alert_id": rec.alert_id,
        "ref_no": rec.ref_no,
        "occurred_at": now,
        "actor": actor.ref if actor else None,
    }


def move(
    rec: AlertRecord,
    actor: Actor | None,
    now: datetime,
    to: AlertStatus,
    *,
    notification: Notification | None = None,
    notify: tuple[str, ...] = (),
    scope_ms: str | None = None,
    justification: str | None = None,
    coordinator_id: str | None = None,
) -> list[AlertEvent]:
    """ALR-006: change the status, log it and raise `AlertStatusChanged`."""
    old, rec.status = rec.status, to
    if to is AlertStatus.DELETED:
        rec.deleted_at = now
    log(
        rec,
        f"status:{to.value}",
        now,
        actor,
        scope_ms=scope_ms,
        justification=justification,
        old=old.value,
        new=to.value,
    )
    return emit(
        rec,
        AlertStatusChanged(
            **event_base(rec, now, actor),
            old_status=old,
            new_status=to,
            notification=notification,
            notify_authority_ids=notify,
            scope_ms=scope_ms,
            justification=justification,
            coordinator_id=coordinator_id,
        ),
    )


def require_status(
    rec: AlertRecord, allowed: Iterable[AlertStatus], rule_id: str, what: str
) -> None:
    allowed = frozenset(allowed)
    if rec.status not in allowed:
        raise Conflict(
            rule_id,
            f"cannot {what} while the alert is {rec.status}; allowed: "
            + ", ".join(sorted(s.value for s in allowed)),
        )


def responsible_ms(rec: AlertRecord) -> str:
    """ALR-007: the MSE is responsible for closure; the launching state if it is unknown."""
    mse = rec.content.establishment_ms
    return rec.launching_ms if mse == UNKNOWN_MSE else mse


def check_ms(code: str) -> str:
    try:
        return check_member_state(code)
    except UnknownParticipant as exc:
        raise InvalidInput("X-001", str(exc)) from exc


def check_establishment(
    rec: AlertRecord, mse: str, recipient_ms: Iterable[str], rule_id: str
) -> str:
    """[INFERRED] The MSE must be unknown, the launching state or a recipient state, so that
    the state responsible for closure (ALR-007) receives the alert (ALR-040)."""
    if mse == UNKNOWN_MSE:
        return mse
    mse = check_ms(mse)
    if mse != rec.launching_ms and mse not in set(recipient_ms):
        raise InvalidInput(
            rule_id,
            f"the state of establishment {mse} must be the launching state or a "
            "recipient state (it runs the closure)",
        )
    return mse


def coordinator(rec: AlertRecord) -> CoordinatorRef:
    """The broadcasting coordinator: always chosen once the alert left the draft."""
    chosen = rec.selected_coordinator
    assert chosen is not None, "a submitted alert always has its coordinator"
    return chosen


def known_coordinator(coordinator: CoordinatorRef | None, rule_id: str) -> CoordinatorRef:
    """The coordinator a command names; None: the directory knows no such alert coordinator.
    An input rule, so the command checks it after the rights and the status (X-010)."""
    if coordinator is None:
        raise InvalidInput(rule_id, "the authority named is not an alert coordinator")
    return coordinator
