"""Search criteria of the request search (§4.12: REQ-094, REQ-095). Pure.

An authority searches its own requests, incoming and outgoing, drafts, open and closed
(REQ-094). A request coordinator also searches the requests of the authorities it is
associated with (DIR-027), from sending onwards, never with personal data, and may ask for
the requests with no action for N days (REQ-095 [INFERRED: N chosen by the user]). The rows
searched hold no personal data, so no criterion can reach it (X-011).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from imi_shared.errors import Forbidden, InvalidInput

from .actors import ALLOCATOR, ARBITER, HANDLER, VIEWER, Actor
from .list_rows import iso
from .request import RequestStatus

READ_RIGHTS = frozenset({HANDLER, VIEWER, ALLOCATOR, ARBITER})
MAX_IDLE_DAYS = 3650


class Direction(StrEnum):
    OUTGOING = "outgoing"  # the caller's authority requests
    INCOMING = "incoming"  # the caller's authority responds


class Capacity(StrEnum):
    PARTY = "party"  # the caller's authority is a party, or the coordinator acting in it
    COORDINATED = "coordinated"  # REQ-095: requests of the authorities it coordinates


@dataclass(frozen=True)
class SearchCriteria:
    statuses: tuple[RequestStatus, ...] = ()
    la_code: str | None = None
    reference: str | None = None  # the request's id
    ref_no: str | None = None  # REQ-094 / REQ-106: its reference number
    country: str | None = None  # the partner country: the one that sent or received it
    direction: Direction | None = None
    capacity: Capacity | None = None  # None: both
    sent_from: datetime | None = None
    sent_to: datetime | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None
    idle_days: int | None = None  # REQ-095: no action for at least this many days
    open_only: bool = False


def readable_las(actor: Actor) -> tuple[str, ...]:
    """The LAs in which the caller holds a request right (REQ-007..REQ-010)."""
    return tuple(sorted(la for la, rights in actor.rights.items() if rights & READ_RIGHTS))


def check(criteria: SearchCriteria, actor: Actor) -> tuple[str, ...]:
    """REQ-094: the LAs searched, or the refusal (rights first, then the criteria)."""
    las = readable_las(actor)
    if not las:
        raise Forbidden("REQ-094", "a request right (handler, viewer, allocator, arbiter)")
    if criteria.la_code is not None:
        las = tuple(la for la in las if la == criteria.la_code)
    for low, high, name in (
        (criteria.sent_from, criteria.sent_to, "sent_to"),
        (criteria.received_from, criteria.received_to, "received_to"),
    ):
        if low is not None and high is not None and high < low:
            raise InvalidInput("REQ-094", "the end of a date range is before its start", name)
    if criteria.idle_days is not None and not 1 <= criteria.idle_days <= MAX_IDLE_DAYS:
        raise InvalidInput("REQ-095", f"idle_days is 1 to {MAX_IDLE_DAYS}", "idle_days")
    return las


def _range(low: datetime | None, high: datetime | None) -> dict[str, str]:
    out = {}
    if low is not None:
        out["$gte"] = iso(low)
    if high is not None:
        out["$lte"] = iso(high)
    return out


def row_filter(criteria: SearchCriteria, now: datetime) -> dict:
    """The criteria as a filter on the list rows (the `imi_shared.documents` subset)."""
    where: dict = {}
    if criteria.statuses:
        where["status"] = {"$in": [s.value for s in criteria.statuses]}
    if criteria.reference:
        where["request_id"] = criteria.reference
    if criteria.ref_no:
        where["ref_no"] = criteria.ref_no
    if criteria.country:
        where["member_states"] = criteria.country
    if sent := _range(criteria.sent_from, criteria.sent_to):
        where["sent_at"] = sent
    if received := _range(criteria.received_from, criteria.received_to):
        where["received_at"] = received
    if criteria.idle_days is not None:
        where["last_action_at"] = {"$lte": iso(now - timedelta(days=criteria.idle_days))}
        where["open"] = True  # a closed request waits for nobody
    if criteria.open_only:
        where["open"] = True
    return where
