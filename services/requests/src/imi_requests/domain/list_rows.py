"""The list row of a request, kept from the request's own events (§4.12: REQ-092..REQ-095).

Pure: each function takes the current row (a plain dict, None when there is none yet) and one
change the request's events carry, and returns the new row. A row holds ids, codes, statuses,
allocations and dates (ISO 8601 UTC strings, so that they sort and compare the same in MongoDB
and in the handler tests' fake): never case content or personal data (X-011). Who may see and
act on it is decided at query time (`action_list.action_for`, `search`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .action_list import EXPECTED
from .request import BEFORE_SENDING, TERMINAL, RequestStatus, Side

Row = dict[str, Any]
_SIDE_FIELDS = {
    Side.REQUESTING: "requesting_authority_id",
    Side.RESPONDING: "responding_authority_id",
    Side.REQUESTING_COORDINATOR: "requesting_coordinator_id",
    Side.RESPONDING_COORDINATOR: "responding_coordinator_id",
}


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class StatusChange:
    """What a `request.status_changed` says (ids and codes only)."""

    request_id: str
    la_code: str
    old_status: RequestStatus | None
    new_status: RequestStatus
    rule: str
    actor_user_id: str
    requesting_authority_id: str
    requesting_member_state: str
    responding_authority_id: str | None
    responding_member_state: str | None
    requesting_coordinator_id: str | None
    responding_coordinator_id: str | None
    split_from_request_id: str | None
    at: datetime
    ref_no: str | None = None  # REQ-106 (events before schema 1.2 have none)


def _derived(row: Row) -> Row:
    """The fields the queries match on, from the others."""
    status = RequestStatus(row["status"])
    expected = EXPECTED.get(status)
    row["awaiting_side"] = expected[0].value if expected else None
    row["expected"] = expected[1].value if expected else None
    row["awaiting_authority_id"] = row.get(_SIDE_FIELDS[expected[0]]) if expected else None
    reached = status not in BEFORE_SENDING  # REQ-112: the responding side sees it from here
    parties = [row["requesting_authority_id"]]
    if reached and row.get("responding_authority_id"):
        parties.append(row["responding_authority_id"])
    # REQ-094: an authority searches its outgoing (drafts included) and incoming requests;
    # REQ-095: a coordinator the requests it plays a content role in (approval, arbitration)
    coordinators = [row.get("responding_coordinator_id")]
    if status is not RequestStatus.DRAFT:
        coordinators.append(row.get("requesting_coordinator_id"))
    row["party_ids"] = list(dict.fromkeys([*parties, *(c for c in coordinators if c)]))
    # REQ-095: what the associated coordinators of either authority follow, from sending on
    row["sent_party_ids"] = parties if status is not RequestStatus.DRAFT else []
    row["member_states"] = [
        ms for ms in (row["requesting_member_state"], row.get("responding_member_state")) if ms
    ]
    row["open"] = status not in TERMINAL
    return row


def on_status_changed(row: Row | None, change: StatusChange, origin: Row | None = None) -> Row:
    """REQ-055 (the creator is the outgoing request's allocated handler, REQ-052), REQ-065 (a
    split request keeps the original's requesting allocation, REQ-120), REQ-064/REQ-119 (a
    forward clears the responding side's allocation), and the dates: sent (leaving `draft`),
    received (each arrival `awaiting_acceptance`), closed (a terminal status)."""
    at = iso(change.at)
    if row is None:
        allocations: dict[str, list[str]] = {}
        if change.rule == "REQ-055":
            allocations[Side.REQUESTING.value] = [change.actor_user_id]
        elif origin is not None:
            kept = (origin.get("allocations") or {}).get(Side.REQUESTING.value)
            if kept:
                allocations[Side.REQUESTING.value] = list(kept)
        row = {"request_id": change.request_id, "created_at": at, "allocations": allocations}
        if change.new_status is not RequestStatus.DRAFT:
            row["sent_at"] = at  # REQ-065: a split request is sent when it is made
    else:
        row = {**row, "allocations": dict(row.get("allocations") or {})}
    if change.rule == "REQ-064":
        for side in (Side.RESPONDING, Side.RESPONDING_COORDINATOR):
            row["allocations"].pop(side.value, None)
    if change.old_status is RequestStatus.DRAFT and not row.get("sent_at"):
        row["sent_at"] = at
    if change.new_status is RequestStatus.AWAITING_ACCEPTANCE:
        row["received_at"] = at
    if change.new_status in TERMINAL:
        row["closed_at"] = at
    row.update(
        la_code=change.la_code,
        status=change.new_status.value,
        rule=change.rule,
        requesting_authority_id=change.requesting_authority_id,
        requesting_member_state=change.requesting_member_state,
        responding_authority_id=change.responding_authority_id,
        responding_member_state=change.responding_member_state,
        requesting_coordinator_id=change.requesting_coordinator_id,
        responding_coordinator_id=change.responding_coordinator_id,
        split_from_request_id=change.split_from_request_id,
        last_action_at=at,
    )
    if change.ref_no:  # REQ-094: searched by it; never changes once given
        row["ref_no"] = change.ref_no
    return _derived(row)


def on_allocated(row: Row, side: Side, user_ids: tuple[str, ...], at: datetime) -> Row:
    """REQ-050 / REQ-090: the side's allocated users are replaced by the new choice."""
    allocations = {**(row.get("allocations") or {}), side.value: list(user_ids)}
    return _derived({**row, "allocations": allocations, "last_action_at": iso(at)})
