"""Alerts events → case parties and notifications (NOT-004, NOT-005, NOT-016..NOT-030,
NOT-047), queued in the consumed event's transaction, idempotently.

The alerts service names the code and the authorities concerned on each event; routing
picks their users by the code's alert profile from the recipients read model (X-053). The
launching MS's inbox copy of a first broadcast also brings N_ALR_INCOMING (NOT-017)."""

from __future__ import annotations

from imi_shared.clock import now_utc

from ..adapters import alerts_events as ev
from ..adapters.case_parties import CaseParties
from ..adapters.recipients import RecipientBook
from ..domain import alert_routing as routing
from ..domain.case_parties import AlertParties, alert_seen
from ..domain.notification import Notification
from ..domain.routes import to_notifications
from .queueing import queue_notifications

CASE = "alert"


def _seen(before: AlertParties | None, event) -> AlertParties:
    """What the event tells of the alert's parties (recipients, removals, member states)."""
    added: list[str] = []
    removed: tuple[str, ...] = ()
    launching = responsible = None
    if isinstance(event, ev.AlertStatusChanged):
        if event.old_status is None and event.actor is not None:  # first save: the launcher
            launching = event.actor.member_state
            added.append(event.actor.authority_id)
        if event.coordinator_id:
            added.append(event.coordinator_id)
    elif isinstance(event, ev.AlertForwardedToCoordinator):
        added.append(event.to_coordinator_id)
    elif isinstance(event, ev.AlertDelivered):
        added += event.inbox_authority_ids
        if event.kind == ev.ORIGIN_COPY:
            launching = event.recipient
    elif isinstance(event, ev.AlertRecipientsChanged):
        added += event.added
        removed = event.removed
    elif isinstance(event, ev.AlertItemStatusChanged) and event.item_kind == ev.CLOSURE_PROPOSAL:
        responsible = event.author_ms  # only the responsible MS proposes closure (ALR-040)
    return alert_seen(
        before,
        event.alert_id,
        ref_no=event.ref_no,
        added=added,
        removed=removed,
        launching_ms=launching,
        responsible_ms=responsible,
    )


async def alert_event(ctx, event, tx, source_id: str) -> list[Notification]:
    store = CaseParties(tx)
    before = await store.alert(event.alert_id)
    parties = _seen(before, event)
    origin_copy = (
        isinstance(event, ev.AlertDelivered)
        and event.kind == ev.ORIGIN_COPY
        and event.notification is None
    )
    wanted = list(event.notify_authority_ids)
    if origin_copy:
        wanted += event.inbox_authority_ids
    directory = await RecipientBook(tx).directory(wanted)
    routes = []
    if event.notification:
        routes += routing.route(event.notification, event.notify_authority_ids, parties, directory)
    if origin_copy:
        routes += routing.origin_incoming(parties, event.inbox_authority_ids, directory)
        parties = alert_seen(parties, event.alert_id, origin_notified=True)
    await store.put_alert(parties)
    notifications = to_notifications(
        routes,
        source_id,
        now_utc(ctx.clock),
        scope=ctx.settings.scope,
        case_type=CASE,
        case_id=event.alert_id,
        case_ref=parties.ref_no,
    )
    return await queue_notifications(ctx, tx, notifications)
