"""Retention's `case.closure_reminder_due` (RET-014) → N_RET_CLOSURE_REMINDER (NOT-043):
a request's requesting side (NOT-003 / NOT-046 routing, with its copy); an alert's
`alert_forwarder`s of the responsible MS's coordinators that received it (no copy)."""

from __future__ import annotations

from imi_shared.clock import now_utc

from ..adapters.case_parties import CaseParties
from ..adapters.recipients import RecipientBook
from ..adapters.retention_events import REQUEST, ClosureReminderDue
from ..domain import alert_routing, request_routing
from ..domain.case_parties import REQUESTING, RequestParties
from ..domain.notification import Notification
from ..domain.routes import to_notifications
from .queueing import queue_notifications


async def closure_reminder_due(
    ctx, event: ClosureReminderDue, tx, source_id: str
) -> list[Notification]:
    store, book = CaseParties(tx), RecipientBook(tx)
    ref = None
    if event.case_type == REQUEST:
        parties = await store.request(event.case_id)
        if parties is None and event.requesting_authority_id:  # never seen: all handlers
            parties = RequestParties(
                event.case_id,
                event.la_code,
                event.member_state,
                {REQUESTING: event.requesting_authority_id},
            )
        if parties is None:
            return []
        directory = await book.directory(parties.authorities.values())
        routes = request_routing.closure_reminder(parties, directory)
        ref = parties.ref_no  # NOT-001: the request's reference number (REQ-106) when known
    else:
        alert = await store.alert(event.case_id)
        directory = await book.directory(alert.recipients if alert else ())
        routes = alert_routing.closure_reminder(alert, directory)
        ref = alert.ref_no if alert else None
    notifications = to_notifications(
        routes,
        source_id,
        now_utc(ctx.clock),
        scope=ctx.settings.scope,
        case_type=event.case_type,
        case_id=event.case_id,
        case_ref=ref,
    )
    return await queue_notifications(ctx, tx, notifications)
