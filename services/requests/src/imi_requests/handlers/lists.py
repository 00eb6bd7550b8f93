"""The action list and the search (§4.12): the consumers that keep `request_list` from the
request's own events (changes, never a re-read of the request), and the two queries. The
consumers read and write the rows through the batch's write-behind (issue 12: one query and
one bulk write per batch of events)."""

from __future__ import annotations

from typing import Any

from imi_shared.clock import now_utc
from imi_shared.envelope import Envelope

from ..adapters.directory_view import DirectoryView
from ..adapters.event_messages import RequestAllocated, RequestDeleted, RequestStatusChanged
from ..adapters.request_list import RequestList, public
from ..adapters.request_list_batch import WRITE_BEHIND, RequestListWriteBehind
from ..context import RequestsContext
from ..domain import list_rows, search
from ..domain.action_list import ListRow, action_for
from ..domain.actors import Actor
from ..domain.request import RequestStatus, Side

MAX_ACTIONS = 500


def _rows(tx) -> RequestListWriteBehind:
    return tx.write_behind(WRITE_BEHIND, RequestListWriteBehind)


async def on_status_changed(event: RequestStatusChanged, envelope: Envelope, tx) -> None:
    rows = _rows(tx)
    current = await rows.get(event.request_id)
    origin = None
    if current is None and event.split_from_request_id:
        origin = await rows.get(event.split_from_request_id)
    change = list_rows.StatusChange(
        request_id=event.request_id,
        la_code=event.la_code,
        old_status=event.old_status,
        new_status=event.new_status,
        rule=event.rule,
        actor_user_id=event.actor_user_id,
        requesting_authority_id=event.requesting_authority_id,
        requesting_member_state=event.requesting_member_state,
        responding_authority_id=event.responding_authority_id,
        responding_member_state=event.responding_member_state,
        requesting_coordinator_id=event.requesting_coordinator_id,
        responding_coordinator_id=event.responding_coordinator_id,
        split_from_request_id=event.split_from_request_id,
        at=envelope.occurred_at,
        ref_no=event.ref_no,
    )
    await rows.put(list_rows.on_status_changed(current, change, origin), current)


async def on_allocated(event: RequestAllocated, envelope: Envelope, tx) -> None:
    rows = _rows(tx)
    current = await rows.get(event.request_id)
    if current is not None:  # the row comes with the request's first event, always before
        changed = list_rows.on_allocated(current, event.side, event.user_ids, envelope.occurred_at)
        await rows.put(changed, current)


async def on_deleted(event: RequestDeleted, envelope: Envelope, tx) -> None:
    """REQ-130: a deleted draft leaves no row."""
    await _rows(tx).remove(event.request_id)


HANDLERS = {
    RequestStatusChanged.event_type: on_status_changed,
    RequestAllocated.event_type: on_allocated,
    RequestDeleted.event_type: on_deleted,
}


def _row(doc: dict[str, Any]) -> ListRow:
    sides = {
        side: doc.get(field)
        for side, field in (
            (Side.REQUESTING, "requesting_authority_id"),
            (Side.RESPONDING, "responding_authority_id"),
            (Side.REQUESTING_COORDINATOR, "requesting_coordinator_id"),
            (Side.RESPONDING_COORDINATOR, "responding_coordinator_id"),
        )
        if doc.get(field)
    }
    allocations = {Side(s): tuple(u) for s, u in (doc.get("allocations") or {}).items()}
    return ListRow(
        doc["request_id"], doc["la_code"], RequestStatus(doc["status"]), sides, allocations
    )


async def action_list(ctx: RequestsContext, actor: Actor) -> list[dict[str, Any]]:
    """REQ-092 / REQ-093 / REQ-121: the requests awaiting an action of the caller, with it."""

    async def read(tx):
        directory = DirectoryView.of(tx)
        allocation: dict[str, bool] = {}
        out = []
        for doc in await RequestList.of(tx).awaiting(actor.authority_id, MAX_ACTIONS):
            la = doc["la_code"]
            if la not in allocation:
                facts = await directory.facts(actor.authority_id, la)
                allocation[la] = bool(facts and facts.parameters.allocation_enabled)
            action = action_for(_row(doc), actor, allocation[la])
            if action is not None:
                out.append({**public(doc), "action": action.value})
        return out

    return (await ctx.uow.run(read)).value or []


async def search_requests(
    ctx: RequestsContext, actor: Actor, criteria: search.SearchCriteria, limit: int, offset: int
) -> list[dict[str, Any]]:
    """REQ-094 / REQ-095: the caller's authority's requests, and (as a coordinator) those of
    the authorities it coordinates, matching `criteria`; newest action first."""
    las = search.check(criteria, actor)
    now = now_utc(ctx.clock)

    async def read(tx):
        base = search.row_filter(criteria, now)
        rows = RequestList.of(tx)
        directory = DirectoryView.of(tx)
        found: dict[str, dict[str, Any]] = {}
        wanted = offset + limit
        for la in las:
            queries = []
            if criteria.capacity in (None, search.Capacity.PARTY):
                queries.append({"party_ids": actor.authority_id})
            if criteria.capacity in (None, search.Capacity.COORDINATED):
                coordinated = await directory.coordinated_by(actor.authority_id, la)
                if coordinated:
                    queries.append({"sent_party_ids": {"$in": coordinated}})
            for who in queries:
                where = {**base, **who, "la_code": la, **_direction(criteria, actor, who)}
                for doc in await rows.find(where, wanted):
                    found.setdefault(doc["_id"], doc)
        ordered = sorted(found.values(), key=lambda d: d["_id"])
        ordered.sort(key=lambda d: d.get("last_action_at") or "", reverse=True)
        return [public(d) for d in ordered[offset:wanted]]

    return (await ctx.uow.run(read)).value or []


def _direction(criteria: search.SearchCriteria, actor: Actor, who: dict) -> dict[str, Any]:
    if criteria.direction is None:
        return {}
    field = (
        "requesting_authority_id"
        if criteria.direction is search.Direction.OUTGOING
        else "responding_authority_id"
    )
    if "party_ids" in who:
        return {field: actor.authority_id}
    return {field: who["sent_party_ids"]}
