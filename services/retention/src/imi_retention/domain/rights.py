"""Data-subject rights (§8.3, RET-015, RET-018..025, RET-027, RET-030, RET-033). Pure.

A `DataSubjectRequest` is filed by the authority that received it. Its route says who must act:
(a) the case is open and the authority started it → that authority (RET-021); (b) it took
part but did not start it → `commission_helpdesk` (RET-022, forwarded at once); (c) the case
is closed → the helpdesk (RET-023); `locked` (the lock date passed) → the helpdesk, which MUST
NOT change the data but records a contestation and a corrected version (RET-024).
Rectification and erasure are due 30 days after receipt (RET-020); the due date never moves
on forwarding; overdue from the day after it (RET-030).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from imi_shared.errors import Conflict, Forbidden, InvalidInput

from .periods import start_of_day

Kind = Literal["access", "rectification", "erasure", "early_deletion"]
Route = Literal["a_initiator_open", "b_non_initiator", "c_closed", "locked"]
Status = Literal["open", "forwarded_to_helpdesk", "done", "rejected"]
HELPDESK, INITIATOR = "commission_helpdesk", "initiating_authority"
DEADLINED = ("rectification", "erasure")


@dataclass(frozen=True)
class CaseFacts:
    """What retention knows of a case when a request is filed (read model + schedule)."""

    case_type: str
    case_id: str
    member_state: str
    la_code: str
    initiator_id: str | None
    participant_ids: tuple[str, ...]
    closed: bool
    locked: bool


@dataclass
class DataSubjectRequest:
    id: str
    type: Kind
    case_type: str
    case_id: str
    receiving_authority_id: str
    member_state: str
    route: Route
    received_at: datetime
    due_at: datetime | None
    status: Status
    must_act: str
    decision_note: str = ""
    legal_basis: str = ""
    consent: bool = False
    filed_at: datetime | None = None
    decided_at: datetime | None = None
    forwarded_at: datetime | None = None

    def overdue(self, now: datetime) -> bool:
        """RET-030: due 2025-03-31 → overdue from 2025-04-01 (still open then)."""
        if self.due_at is None or self.status in ("done", "rejected"):
            return False
        return now >= start_of_day(self.due_at) + timedelta(days=1)


@dataclass
class ContestRecord:
    id: str
    case_type: str
    case_id: str
    field: str
    statement: str
    corrected_value: str
    recorded_by: str
    recorded_at: datetime
    subject_request_id: str | None = None


@dataclass
class ExtractionLog:
    id: str
    case_type: str
    case_id: str
    service: str
    reason: Literal["proof_of_exchange_with_consent", "public_interest"]
    requesting_authority_id: str | None
    helpdesk_user_id: str
    at: datetime


def route_of(case: CaseFacts, receiving_authority_id: str) -> Route:
    if case.locked:
        return "locked"
    if case.closed:
        return "c_closed"
    return "a_initiator_open" if receiving_authority_id == case.initiator_id else "b_non_initiator"


def file(
    request_id: str,
    kind: Kind,
    case: CaseFacts,
    receiving_authority_id: str,
    received_at: datetime,
    now: datetime,
    *,
    deadline_days: int = 30,
    legal_basis: str = "",
    consent: bool = False,
) -> DataSubjectRequest:
    """RET-020, RET-027: the request, its route, who must act and (rectification, erasure) its
    due date. The caller checked the authority takes part in the case (else NotFound)."""
    if received_at > now:
        raise InvalidInput("RET-020", "the receipt date is in the future", "received_at")
    if kind == "early_deletion":  # RET-015: the consent and the legal basis are recorded
        if not consent:
            raise InvalidInput("RET-015", "early deletion needs the data subject's consent")
        if not legal_basis.strip():
            raise InvalidInput("RET-015", "early deletion needs its legal basis", "legal_basis")
        if not case.closed and not case.locked:
            raise Conflict("RET-015", "the case is still open: close it first")
    route = route_of(case, receiving_authority_id)
    must_act = INITIATOR if route == "a_initiator_open" else HELPDESK
    if kind == "access":  # RET-019: a participant may report until the lock date
        must_act = HELPDESK if route == "locked" else "receiving_authority"
    received = start_of_day(received_at)
    return DataSubjectRequest(
        id=request_id,
        type=kind,
        case_type=case.case_type,
        case_id=case.case_id,
        receiving_authority_id=receiving_authority_id,
        member_state=case.member_state,
        route=route,
        received_at=received,
        due_at=received + timedelta(days=deadline_days) if kind in DEADLINED else None,
        status="forwarded_to_helpdesk" if route == "b_non_initiator" else "open",
        must_act=must_act,
        legal_basis=legal_basis,
        consent=consent,
        filed_at=now,
        forwarded_at=now if route == "b_non_initiator" else None,
    )


def forward(request: DataSubjectRequest, now: datetime) -> None:
    """RET-020: to the helpdesk; the due date does not move."""
    if request.status != "open":
        raise Conflict("RET-020", f"the request is {request.status}")
    request.status, request.must_act, request.forwarded_at = "forwarded_to_helpdesk", HELPDESK, now


def decide(
    request: DataSubjectRequest,
    *,
    helpdesk: bool,
    authority_id: str,
    outcome: Literal["done", "rejected"],
    note: str,
    now: datetime,
) -> None:
    """Done or rejected, by who must act (RET-021..024). Locked data is never changed: a
    rectification or erasure of it can only be rejected (its contestation is recorded)."""
    if request.status in ("done", "rejected"):
        raise Conflict("RET-027", f"the request is already {request.status}")
    acting_ok = (
        helpdesk
        if request.must_act == HELPDESK
        else (authority_id == request.receiving_authority_id)
    )
    if not acting_ok:
        raise Forbidden("RET-022", f"this request is for {request.must_act} to act on")
    if outcome == "done" and request.route == "locked" and request.type in DEADLINED:
        raise Conflict("RET-024", "locked data is never rectified or erased: record a contest")
    request.status, request.decision_note, request.decided_at = outcome, note, now


def may_produce_access_report(case: CaseFacts, authority_id: str, helpdesk: bool) -> bool:
    """RET-019: a participant until the lock date; after it the helpdesk only."""
    if helpdesk:
        return True
    return not case.locked and authority_id in case.participant_ids
