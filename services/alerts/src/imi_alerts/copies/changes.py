"""Changes, not views (issue 10): what a copy that already holds the alert is sent when the
origin's command only touched what a change can say. Pure: no I/O.

A broadcast (a participant's `alert.delivered`) and any command that reshapes the alert
(status, content, closure, withdrawal...) still send that participant its whole projection
(`distributed.CopyContent`, a few KB). An acknowledgement, a forward or a removal of recipients
within a state (ALR-022..026, ALR-058..060), an additional-information item changing (ALR-028..031,
ALR-063, ALR-064) and the origin's answer to a mailbox action send a `CopyChange` instead: the
status as the participant sees it, its own delivery (when its state acted or is answered), the
items that changed as it sees them, the
history entries it newly learns, its events. The copy applies it to the view it holds
(`apply_change`), in the copies' sequence order like any update. Which participants are sent
anything at all is `targets.events_by_participant`'s rule (the acting state only for mailbox
work). Without personal data: an item's attachments travel in the sealed personal data, which a
change carries only when it changes items (`personal_data`).
"""

from __future__ import annotations

import copy as copying
from collections.abc import Sequence
from typing import Any

from pydantic import Field

from imi_shared.participants import COMMISSION

from ..domain import (
    Access,
    Alert,
    AlertAcknowledged,
    AlertEvent,
    AlertItemStatusChanged,
    AlertRecipientsChanged,
    Delivery,
    ItemKind,
    NoAccess,
)
from ..domain.history import HistoryEntry
from ..domain.views import ItemView
from ..domain.visibility import access_of, project
from .distributed import Code, Id, TargetEvent, _Wire
from .targets import in_copy_history, mailbox_state, mailbox_viewer, status_known_to


class CopyChange(_Wire):
    """The sealed part of `alert.copy_updated` 3.0 for a copy that holds the alert already."""

    alert_status: Code  # the global status as this participant may know it (ALR-042)
    view_status: Code  # the overview's status as its users see it (ALR-003)
    #: this participant's delivery (its recipients, its acknowledgement) when the command may
    #: have changed it (its own state acted, or an answer to its action); None: unchanged
    delivery: Delivery | None = None
    items: tuple[ItemView, ...] = Field(default=(), max_length=200)  # upserted, no PD
    dropped_items: tuple[Id, ...] = Field(default=(), max_length=200)  # no longer visible
    history: tuple[HistoryEntry, ...] = Field(default=(), max_length=200)  # appended
    events: tuple[TargetEvent, ...] = Field(default=(), max_length=100)
    personal_data: bool = False  # the update carries the sealed personal data (items changed)


def _expressible(event: AlertEvent) -> bool:
    if isinstance(event, AlertAcknowledged):
        return True
    if isinstance(event, AlertRecipientsChanged):
        return not event.recipient_ms_added
    return (
        isinstance(event, AlertItemStatusChanged)
        and event.item_kind is ItemKind.ADDITIONAL_INFORMATION
    )


def change_for(
    alert: Alert,
    participant: str,
    events: Sequence[AlertEvent],
    *,
    known_before: Sequence[str],
    history_from: int,
) -> CopyChange | None:
    """`participant`'s change for this command's `events`, or None when its copy must be sent
    whole (it learns of the alert now, or the command changed more than a change can say, or
    its users see a reduced view). `history_from`: the last history entry sent before."""
    if participant not in known_before or not all(_expressible(e) for e in events):
        return None
    try:
        access, _ = access_of(alert, mailbox_viewer(alert, participant))
    except NoAccess:
        return None
    if access not in (Access.FULL, Access.NON_PERSONAL):
        return None
    changed = [e.item_id for e in events if isinstance(e, AlertItemStatusChanged)]
    items: tuple[ItemView, ...] = ()
    dropped: tuple[str, ...] = ()
    if changed:
        shown = {
            i.item_id: i
            for i in project(
                alert.without_personal_data(), mailbox_viewer(alert, participant)
            ).items
        }
        items = tuple(shown[i] for i in dict.fromkeys(changed) if i in shown)
        dropped = tuple(i for i in dict.fromkeys(changed) if i not in shown)
    own = not events or any(
        mailbox_state(e) == participant or getattr(e.actor, "member_state", None) == participant
        for e in events
    )
    return CopyChange(
        alert_status=status_known_to(alert, participant),
        view_status=alert.visible_status(participant),
        delivery=alert.deliveries[participant] if own else None,
        items=items,
        dropped_items=dropped,
        history=tuple(
            h for h in alert.history if h.seq > history_from and in_copy_history(h, participant)
        ),
        events=tuple(TargetEvent.of(e) for e in events),
        personal_data=bool(items) and participant != COMMISSION and access is Access.FULL,
    )


def apply_change(view: dict[str, Any] | None, change: CopyChange) -> dict[str, Any] | None:
    """The stored view (JSON) with `change` applied: a history entry already held (by its
    number) is not added again, an item is replaced where it stood or appended."""
    if view is None:
        return None
    out = copying.deepcopy(view)
    out["overview"] = {**out["overview"], "status": change.view_status}
    held = max((h["seq"] for h in out.get("history", [])), default=0)
    out["history"] = list(out.get("history", [])) + [
        h.model_dump(mode="json") for h in change.history if h.seq > held
    ]
    if change.items or change.dropped_items:
        dropped = set(change.dropped_items)
        items = [i for i in out.get("items") or [] if i["item_id"] not in dropped]
        for item in change.items:
            dumped = item.model_dump(mode="json")
            at = next((n for n, i in enumerate(items) if i["item_id"] == item.item_id), None)
            if at is None:
                items.append(dumped)
            else:
                items[at] = dumped
        out["items"] = items
    return out
