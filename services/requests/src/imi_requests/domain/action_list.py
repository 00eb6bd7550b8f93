"""The request action list (§4.12: REQ-092, REQ-093, REQ-121, REQ-021, REQ-023, REQ-050).

Pure. `expected` says, per status, which side of the request is expected to act and what it is
expected to do (REQ-093); `action_for` says whether one user sees a listed request in their own
action list, and with which action (the allocation rules of REQ-050..REQ-053 and REQ-121).
The list row itself (`ListRow`) is the read model's picture of a request: ids, codes, statuses
and dates only, never personal data (X-011).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .actors import ALLOCATOR, ARBITER, HANDLER, Actor
from .request import RequestStatus, Side

S = RequestStatus


class Expected(StrEnum):
    """REQ-093: the action a listed request waits for."""

    COMPLETE_AND_SEND = "complete_and_send"  # REQ-021: a draft
    APPROVE_REQUEST = "approve_request"  # REQ-059/060
    AMEND_REQUEST = "amend_request"  # REQ-061
    ACCEPT = "accept"  # REQ-023, REQ-062
    REPLY = "reply"  # REQ-067/068
    APPROVE_REPLY = "approve_reply"  # REQ-069/070/127
    AMEND_REPLY = "amend_reply"  # REQ-071
    READ_REPLY = "read_reply_and_close"  # REQ-072/073
    ANSWER_FURTHER_INFO = "answer_further_info_request"  # REQ-074/075
    SEND_FURTHER_INFO = "send_further_info"  # REQ-037: until the additional reply is sent
    CLOSE_OR_MAINTAIN = "close_or_maintain"  # REQ-076..079
    ARBITRATE = "arbitrate"  # REQ-081..085
    PROVIDE_OR_MAINTAIN = "provide_or_maintain"  # REQ-086..088
    ALLOCATE = "allocate"  # REQ-050, REQ-053: allocation on, nobody allocated yet


EXPECTED: dict[RequestStatus, tuple[Side, Expected]] = {
    S.DRAFT: (Side.REQUESTING, Expected.COMPLETE_AND_SEND),
    S.AWAITING_REQUEST_APPROVAL: (Side.REQUESTING_COORDINATOR, Expected.APPROVE_REQUEST),
    S.REQUEST_NOT_APPROVED: (Side.REQUESTING, Expected.AMEND_REQUEST),
    S.AWAITING_ACCEPTANCE: (Side.RESPONDING, Expected.ACCEPT),
    S.ACCEPTED: (Side.RESPONDING, Expected.REPLY),
    S.AWAITING_REPLY_APPROVAL: (Side.RESPONDING_COORDINATOR, Expected.APPROVE_REPLY),
    S.REPLY_NOT_APPROVED: (Side.RESPONDING, Expected.AMEND_REPLY),
    S.ANSWERED: (Side.REQUESTING, Expected.READ_REPLY),
    S.FURTHER_INFO_REQUESTED: (Side.RESPONDING, Expected.ANSWER_FURTHER_INFO),
    S.FURTHER_INFO_ACCEPTED: (Side.RESPONDING, Expected.SEND_FURTHER_INFO),
    S.FURTHER_INFO_REJECTED: (Side.REQUESTING, Expected.CLOSE_OR_MAINTAIN),
    S.ARBITRATION_REQUESTING_COORDINATOR: (Side.REQUESTING_COORDINATOR, Expected.ARBITRATE),
    S.ARBITRATION_RESPONDING_COORDINATOR: (Side.RESPONDING_COORDINATOR, Expected.ARBITRATE),
    S.RETURNED_BY_ARBITER: (Side.RESPONDING, Expected.PROVIDE_OR_MAINTAIN),
}  # `refused` and `closed` wait for nobody (REQ-003)

COORDINATOR_SIDES = frozenset({Side.REQUESTING_COORDINATOR, Side.RESPONDING_COORDINATOR})


@dataclass(frozen=True)
class ListRow:
    """What the action list needs of one request (from the read model)."""

    request_id: str
    la_code: str
    status: RequestStatus
    authorities: dict[Side, str]  # the authority holding each side, where known
    allocations: dict[Side, tuple[str, ...]] = field(default_factory=dict)

    @property
    def expected(self) -> tuple[Side, Expected] | None:
        return EXPECTED.get(self.status)

    @property
    def awaiting_authority_id(self) -> str | None:
        expected = self.expected
        return self.authorities.get(expected[0]) if expected else None


def action_for(row: ListRow, actor: Actor, allocation_on: bool) -> Expected | None:
    """The action `actor` sees for `row` in their own list, or None (REQ-092).

    - drafts: every handler of the requesting authority (REQ-021: "the authority's drafts");
    - the requesting side after that: its allocated handlers (REQ-052: the creator, or those
      an allocator chose while it was a draft);
    - the responding side: its handlers; with allocation on, first its allocators, then only
      the allocated handlers (REQ-023, REQ-050, REQ-051);
    - a coordinator side (approval, arbitration): every arbiter of that coordinator; with
      allocation on, first its allocators, then only the allocated arbiters (REQ-121, REQ-053).
    """
    expected = row.expected
    if expected is None or row.authorities.get(expected[0]) != actor.authority_id:
        return None
    side, action = expected
    if side is Side.REQUESTING:
        if not actor.has(row.la_code, HANDLER):
            return None
        if row.status is S.DRAFT or actor.user_id in row.allocations.get(side, ()):
            return action
        return None
    worker = ARBITER if side in COORDINATOR_SIDES else HANDLER
    if not allocation_on:
        return action if actor.has(row.la_code, worker) else None
    allocated = row.allocations.get(side, ())
    if not allocated:
        return Expected.ALLOCATE if actor.has(row.la_code, ALLOCATOR) else None
    if actor.user_id in allocated and actor.has(row.la_code, worker):
        return action
    return None
