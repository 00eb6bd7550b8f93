"""The statuses of a request (REQ-002, REQ-003), its sides (REQ-004, REQ-110) and what an
arbiter approves (REQ-069, REQ-127). Pure."""

from __future__ import annotations

from enum import StrEnum


class RequestStatus(StrEnum):
    """REQ-002 [INFERRED codes]."""

    DRAFT = "draft"
    AWAITING_REQUEST_APPROVAL = "awaiting_request_approval"
    REQUEST_NOT_APPROVED = "request_not_approved"
    AWAITING_ACCEPTANCE = "awaiting_acceptance"
    ACCEPTED = "accepted"
    AWAITING_REPLY_APPROVAL = "awaiting_reply_approval"
    REPLY_NOT_APPROVED = "reply_not_approved"
    ANSWERED = "answered"
    FURTHER_INFO_REQUESTED = "further_info_requested"
    FURTHER_INFO_ACCEPTED = "further_info_accepted"
    FURTHER_INFO_REJECTED = "further_info_rejected"
    ARBITRATION_REQUESTING_COORDINATOR = "arbitration_requesting_coordinator"
    ARBITRATION_RESPONDING_COORDINATOR = "arbitration_responding_coordinator"
    RETURNED_BY_ARBITER = "returned_by_arbiter"
    REFUSED = "refused"
    CLOSED = "closed"


S = RequestStatus
TERMINAL = frozenset({S.REFUSED, S.CLOSED})  # REQ-003
BEFORE_SENDING = frozenset({S.DRAFT, S.AWAITING_REQUEST_APPROVAL, S.REQUEST_NOT_APPROVED})
# the statuses in which the responding authority has accepted (X-011: it then sees PD)
AFTER_ACCEPTANCE = frozenset(set(S) - BEFORE_SENDING - {S.AWAITING_ACCEPTANCE, S.REFUSED})


class Side(StrEnum):
    """REQ-004 / REQ-110: the sides of a request that hold an allocation and a last actor."""

    REQUESTING = "requesting"
    RESPONDING = "responding"
    REQUESTING_COORDINATOR = "requesting_coordinator"
    RESPONDING_COORDINATOR = "responding_coordinator"


class PendingItem(StrEnum):
    """What an arbiter approves (REQ-069 vs REQ-127)."""

    REPLY = "reply"
    FURTHER_INFO_REJECTION = "further_info_rejection"
