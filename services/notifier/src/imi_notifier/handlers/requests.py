"""Requests events → case parties and notifications (NOT-003, NOT-007..NOT-015, NOT-046),
queued in the consumed event's transaction, idempotently (one id per event, code and
recipient: `handlers.queueing`). Facts come from the notifier's own read models (X-053)."""

from __future__ import annotations

from imi_shared.clock import now_utc

from ..adapters.case_parties import CaseParties
from ..adapters.recipients import RecipientBook
from ..adapters.requests_events import (
    COORDINATOR_OPINION,
    RequestAllocated,
    RequestMessageAdded,
    RequestSplit,
    RequestStatusChanged,
)
from ..domain import request_routing as routing
from ..domain.case_parties import (
    REQUESTING,
    REQUESTING_COORDINATOR,
    RESPONDING,
    RESPONDING_COORDINATOR,
    RequestParties,
    inherited,
    request_allocated,
    request_seen,
)
from ..domain.notification import Notification
from ..domain.routes import Route, to_notifications
from .queueing import queue_notifications

CASE = "request"


async def _queue(ctx, tx, routes: list[Route], source_id: str, parties: RequestParties):
    """NOT-001: a mail names the request by its reference number (REQ-106) when known."""
    notifications = to_notifications(
        routes,
        source_id,
        now_utc(ctx.clock),
        scope=ctx.settings.scope,
        case_type=CASE,
        case_id=parties.request_id,
        case_ref=parties.ref_no,
    )
    return await queue_notifications(ctx, tx, notifications)


async def status_changed(
    ctx, event: RequestStatusChanged, tx, source_id: str
) -> list[Notification]:
    """NOT-007, 009, 010, 012, 014, 015: by the event's §4.11 row (else its new status)."""
    store = CaseParties(tx)
    before = await store.request(event.request_id)
    if before is None and event.split_from_request_id:  # REQ-065, REQ-120: same requester
        before = inherited(await store.request(event.split_from_request_id), event.request_id)
    parties = request_seen(
        before,
        request_id=event.request_id,
        la_code=event.la_code,
        member_state=event.requesting_member_state,
        authorities={
            REQUESTING: event.requesting_authority_id,
            RESPONDING: event.responding_authority_id,
            REQUESTING_COORDINATOR: event.requesting_coordinator_id,
            RESPONDING_COORDINATOR: event.responding_coordinator_id,
        },
        actor_side=event.side,
        actor_user_id=event.actor_user_id,
        actor_authority_id=event.actor_authority_id,
        ref_no=event.ref_no,
    )
    await store.put_request(parties)
    directory = await RecipientBook(tx).directory(parties.authorities.values())
    routes = routing.status_changed(event.rule, event.new_status, event.side, parties, directory)
    return await _queue(ctx, tx, routes, source_id, parties)


async def allocated(ctx, event: RequestAllocated, tx, source_id: str) -> list[Notification]:
    """NOT-008: each newly allocated handler (arbiter) of the side."""
    store = CaseParties(tx)
    before = await store.request(event.request_id)
    after = request_allocated(
        before,
        request_id=event.request_id,
        la_code=event.la_code,
        member_state=event.requesting_member_state,
        side=event.side,
        user_ids=event.user_ids,
    )
    await store.put_request(after)
    side_authority = after.authority(event.side) or event.actor_authority_id
    directory = await RecipientBook(tx).directory([side_authority])
    routes = routing.allocated(before, event.side, event.user_ids, directory)
    return await _queue(ctx, tx, routes, source_id, after)


async def split(ctx, event: RequestSplit, tx, source_id: str) -> list[Notification]:
    """NOT-011: the requesting side of the original request (the new request's own
    `request.status_changed`, row REQ-065, brings N_REQ_NEW_INCOMING to its target)."""
    parties = await CaseParties(tx).request(event.request_id) or RequestParties(
        event.request_id,
        event.la_code,
        event.requesting_member_state,
        {REQUESTING: event.requesting_authority_id},
    )
    directory = await RecipientBook(tx).directory(parties.authorities.values())
    return await _queue(ctx, tx, routing.split(parties, directory), source_id, parties)


async def message_added(ctx, event: RequestMessageAdded, tx, source_id: str) -> list[Notification]:
    """NOT-013 (NOT-003, NOT-046): the other authority's last-acting handler plus its copy;
    the author becomes its side's last actor. A coordinator's opinion is not for the other
    authority (REQ-108): nobody is told."""
    store = CaseParties(tx)
    parties = request_seen(
        await store.request(event.request_id),
        request_id=event.request_id,
        la_code=event.la_code,
        member_state=event.requesting_member_state,
        authorities={REQUESTING: event.requesting_authority_id},
        actor_side=event.side,
        actor_user_id=event.actor_user_id,
        actor_authority_id=event.actor_authority_id,
    )
    await store.put_request(parties)
    if event.kind == COORDINATOR_OPINION:
        return []
    directory = await RecipientBook(tx).directory(parties.authorities.values())
    routes = routing.message_added(parties, event.side, directory)
    return await _queue(ctx, tx, routes, source_id, parties)
