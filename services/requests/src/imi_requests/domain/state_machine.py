"""The request state machine (§4.11; the basic life-cycle of REQ-001): one `Row` per rule,
and `move`, the only way a status changes. A row's action is refused in any other status with
409 naming the row's rule; the rights are checked before (rights before state) by the section
modules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from imi_shared.errors import Conflict

from .actors import Actor
from .events import StatusChanged
from .request import AFTER_ACCEPTANCE, TERMINAL, FreeText, HistoryEntry, Request, Side
from .request import RequestStatus as S

UNCHANGED: Final = "unchanged"
DELETED: Final = "deleted"
_HELD_BY_RESPONDING = frozenset(
    {
        S.AWAITING_ACCEPTANCE,
        S.ACCEPTED,
        S.FURTHER_INFO_REQUESTED,
        S.FURTHER_INFO_ACCEPTED,
        S.REPLY_NOT_APPROVED,
        S.RETURNED_BY_ARBITER,
    }
)
_OPEN_AFTER_ACCEPTANCE = AFTER_ACCEPTANCE - TERMINAL
_NON_TERMINAL = frozenset(set(S) - TERMINAL)
_RFI = S.FURTHER_INFO_REQUESTED


@dataclass(frozen=True)
class Row:
    sources: frozenset[S]
    action: str
    target: S | str  # a status, UNCHANGED or DELETED


def _row(sources, action: str, target) -> Row:
    return Row(frozenset(sources), action, target)


ROWS: dict[str, Row] = {
    "REQ-055": _row((), "create", S.DRAFT),
    "REQ-056": _row({S.DRAFT}, "edit, delete or allocate a draft", UNCHANGED),
    "REQ-057": _row({S.DRAFT}, "send (approval applies)", S.AWAITING_REQUEST_APPROVAL),
    "REQ-058": _row({S.DRAFT}, "send", S.AWAITING_ACCEPTANCE),
    "REQ-059": _row({S.AWAITING_REQUEST_APPROVAL}, "approve", S.AWAITING_ACCEPTANCE),
    "REQ-060": _row({S.AWAITING_REQUEST_APPROVAL}, "not approve", S.REQUEST_NOT_APPROVED),
    "REQ-061": _row({S.REQUEST_NOT_APPROVED}, "resubmit", S.AWAITING_REQUEST_APPROVAL),
    "REQ-129": _row({S.REQUEST_NOT_APPROVED}, "abandon", DELETED),
    "REQ-062": _row({S.AWAITING_ACCEPTANCE}, "accept", S.ACCEPTED),
    "REQ-063": _row({S.AWAITING_ACCEPTANCE}, "refuse", S.REFUSED),
    "REQ-064": _row(_HELD_BY_RESPONDING, "forward", S.AWAITING_ACCEPTANCE),
    "REQ-065": _row({S.AWAITING_ACCEPTANCE, S.ACCEPTED}, "split", UNCHANGED),
    "REQ-066": _row(_OPEN_AFTER_ACCEPTANCE, "add a message", UNCHANGED),
    "REQ-067": _row(
        {S.ACCEPTED, S.FURTHER_INFO_ACCEPTED}, "send the reply", S.AWAITING_REPLY_APPROVAL
    ),
    "REQ-068": _row({S.ACCEPTED, S.FURTHER_INFO_ACCEPTED}, "send the reply", S.ANSWERED),
    "REQ-069": _row({S.AWAITING_REPLY_APPROVAL}, "approve the reply", S.ANSWERED),
    "REQ-070": _row({S.AWAITING_REPLY_APPROVAL}, "not approve", S.REPLY_NOT_APPROVED),
    "REQ-071": _row({S.REPLY_NOT_APPROVED}, "resubmit the reply", S.AWAITING_REPLY_APPROVAL),
    "REQ-072": _row({S.ANSWERED}, "close", S.CLOSED),
    "REQ-073": _row({S.ANSWERED}, "request further information", _RFI),
    "REQ-074": _row({_RFI}, "accept further information", S.FURTHER_INFO_ACCEPTED),
    "REQ-075": _row({_RFI}, "reject further information", S.FURTHER_INFO_REJECTED),
    "REQ-126": _row({_RFI}, "reject further information", S.AWAITING_REPLY_APPROVAL),
    "REQ-127": _row({S.AWAITING_REPLY_APPROVAL}, "approve the rejection", S.FURTHER_INFO_REJECTED),
    "REQ-076": _row({S.FURTHER_INFO_REJECTED}, "close", S.CLOSED),
    "REQ-077": _row({S.FURTHER_INFO_REJECTED}, "maintain", S.ARBITRATION_REQUESTING_COORDINATOR),
    "REQ-078": _row({S.FURTHER_INFO_REJECTED}, "maintain", S.ARBITRATION_RESPONDING_COORDINATOR),
    "REQ-079": _row({S.FURTHER_INFO_REJECTED}, "request further information again", _RFI),
    "REQ-080": _row({_RFI}, "maintain position and close", S.CLOSED),
    "REQ-081": _row({S.ARBITRATION_REQUESTING_COORDINATOR}, "close", S.CLOSED),
    "REQ-082": _row(
        {S.ARBITRATION_REQUESTING_COORDINATOR}, "not satisfactory", S.RETURNED_BY_ARBITER
    ),
    "REQ-083": _row(
        {S.ARBITRATION_REQUESTING_COORDINATOR},
        "not satisfactory",
        S.ARBITRATION_RESPONDING_COORDINATOR,
    ),
    "REQ-084": _row({S.ARBITRATION_RESPONDING_COORDINATOR}, "close", S.CLOSED),
    "REQ-085": _row(
        {S.ARBITRATION_RESPONDING_COORDINATOR}, "not satisfactory", S.RETURNED_BY_ARBITER
    ),
    "REQ-086": _row({S.RETURNED_BY_ARBITER}, "accept to provide", S.FURTHER_INFO_ACCEPTED),
    "REQ-087": _row({S.RETURNED_BY_ARBITER}, "maintain position and close", S.CLOSED),
    "REQ-088": _row({S.RETURNED_BY_ARBITER}, "maintain position", S.FURTHER_INFO_REJECTED),
    "REQ-089": _row(set(S), "copy", UNCHANGED),
    "REQ-090": _row(_NON_TERMINAL, "allocate", UNCHANGED),
    "REQ-091": _row(
        _OPEN_AFTER_ACCEPTANCE
        - {S.AWAITING_REPLY_APPROVAL, S.ARBITRATION_RESPONDING_COORDINATOR, S.RETURNED_BY_ARBITER},
        "change the responding coordinator",
        UNCHANGED,
    ),
}


def ensure_status(request: Request, rule: str) -> Row:
    """409 naming `rule` when the request's status is not a source of that row."""
    row = ROWS[rule]
    if request.status not in row.sources:
        raise Conflict(rule, f"cannot {row.action} a request that is {request.status.value}")
    return row


def record(
    request: Request,
    rule: str,
    actor: Actor,
    now: datetime,
    justification: FreeText | None = None,
    side: Side | None = None,
) -> None:
    """X-025: the history entry of an action, and the side's last acting user (REQ-004)."""
    entry = HistoryEntry(
        ROWS[rule].action, rule, actor.user_id, actor.authority_id, now, justification
    )
    request.history = (*request.history, entry)
    if side is not None:
        request.last_actors = {**request.last_actors, side: actor.user_id}


def move(
    request: Request,
    rule: str,
    actor: Actor,
    now: datetime,
    side: Side,
    justification: FreeText | None = None,
) -> StatusChanged:
    """Apply row `rule` (its status must be a source: `ensure_status` first) and return the
    X-051 event. Call it only after every other check of the action has passed."""
    row = ensure_status(request, rule)
    old = request.status
    if isinstance(row.target, S):
        request.status = row.target
    if request.status is S.ANSWERED and old is not S.ANSWERED:
        request.answered_at = now  # REQ-106: the last time the reply reached the requester
    if request.status in TERMINAL and old not in TERMINAL:
        request.closed_by = actor.authority_id  # REQ-106: the authority or coordinator
    record(request, rule, actor, now, justification, side)
    return StatusChanged(request.request_id, old, request.status, rule, side, actor, justification)
