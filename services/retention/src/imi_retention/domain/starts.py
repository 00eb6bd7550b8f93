"""What starts each row of the §8.1 table (RET-001..RET-010, RET-034): one pure function per
trigger, returning the record with its lock and delete dates (RET-026)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .periods import SOLVIT, Periods, days_later, months_later
from .schedule import RetentionRecord

SERVICES_LA = "services"  # alerts exist only in the services LA
DIRECTORY_LA = "directory"  # users, authorities and invitations belong to no LA


def request_closed(
    request_id: str,
    *,
    la_code: str,
    member_state: str,
    authority_id: str,
    authority_ids: Sequence[str],
    closed_at: datetime,
    periods: Periods,
) -> RetentionRecord:
    """RET-001/002 (RET-028, RET-029): formal closure (`closed` or `refused`) → lock at +6
    months (SOLVIT +18, per LA configurable), delete at +3 years."""
    return RetentionRecord(
        case_type="request",
        case_id=request_id,
        la_code=la_code,
        member_state=member_state,
        authority_id=authority_id,
        authority_ids=list(authority_ids),
        clock_start=closed_at,
        lock_at=months_later(closed_at, periods.lock_months(la_code)),
        delete_at=months_later(closed_at, periods.request_delete),
        rule="RET-002" if la_code == SOLVIT else "RET-001",
    )


def alert_closed(
    alert_id: str,
    *,
    member_state: str,
    authority_id: str | None,
    closed_at: datetime,
    periods: Periods,
) -> RetentionRecord:
    """RET-003: closed or withdrawn → hidden at once (the lock date), deleted at +6 months."""
    return RetentionRecord(
        case_type="alert",
        case_id=alert_id,
        la_code=SERVICES_LA,
        member_state=member_state,
        authority_id=authority_id,
        authority_ids=[authority_id] if authority_id else [],
        clock_start=closed_at,
        lock_at=closed_at,
        delete_at=months_later(closed_at, periods.alert_delete),
        rule="RET-003",
    )


def draft_deleted(
    case_type: str,
    case_id: str,
    *,
    la_code: str,
    member_state: str,
    authority_id: str | None,
    deleted_at: datetime,
) -> RetentionRecord:
    """RET-034: a draft (or unbroadcast alert) deleted never reaches closure: its PD goes at
    once (for requests, `request.deleted` of a draft, by analogy [INFERRED])."""
    return RetentionRecord(
        case_type="alert" if case_type == "alert" else "request",
        case_id=case_id,
        la_code=la_code,
        member_state=member_state,
        authority_id=authority_id,
        authority_ids=[authority_id] if authority_id else [],
        clock_start=deleted_at,
        lock_at=None,  # nothing to hide first: the PD goes at once
        delete_at=deleted_at,
        rule="RET-034",
    )


def user_locked(
    user_id: str,
    *,
    authority_id: str,
    member_state: str,
    reason: str,
    at: datetime,
    periods: Periods,
) -> RetentionRecord:
    """RET-004: removed (not locked out), or the authority `inactive` → locked at once, kept 3
    years (even if the authority is deleted), then deleted."""
    return RetentionRecord(
        case_type="user",
        case_id=user_id,
        la_code=DIRECTORY_LA,
        member_state=member_state,
        authority_id=authority_id,
        authority_ids=[authority_id],
        clock_start=at,
        lock_at=at,
        delete_at=months_later(at, periods.user_delete),
        rule="RET-004",
        reason=reason,
    )


def authority_ended(
    authority_id: str, *, member_state: str, status: str, at: datetime, periods: Periods
) -> RetentionRecord:
    """RET-005 `inactive` / RET-006 `registration_refused` → deleted at +6 months (RET-031)."""
    inactive = status == "inactive"
    months = periods.inactive_authority if inactive else periods.registration_refused
    return RetentionRecord(
        case_type="authority",
        case_id=authority_id,
        la_code=DIRECTORY_LA,
        member_state=member_state,
        authority_id=authority_id,
        clock_start=at,
        lock_at=None,
        delete_at=months_later(at, months),
        rule="RET-005" if inactive else "RET-006",
    )


INVITATION_RULES = {
    "withdrawn": ("RET-007", "invitation_withdrawn"),
    "authority_validated": ("RET-008", "invitation_validated"),
    "validation_refused": ("RET-009", "invitation_validation_refused"),
}


def invitation_ended(
    invitation_id: str,
    *,
    coordinator_id: str,
    member_state: str,
    status: str,
    at: datetime,
    periods: Periods,
) -> RetentionRecord:
    """RET-007 withdrawn +3 months (RET-031), RET-008 validated +3, RET-009 refused +6."""
    rule, delay = INVITATION_RULES[status]
    return RetentionRecord(
        case_type="invitation",
        case_id=invitation_id,
        la_code=DIRECTORY_LA,
        member_state=member_state,
        authority_id=coordinator_id,
        parent_id=coordinator_id,
        clock_start=at,
        lock_at=None,
        delete_at=months_later(at, getattr(periods, delay)),
        rule=rule,
    )


def report_generated(
    report_id: str,
    *,
    request_id: str,
    member_state: str,
    authority_id: str | None,
    personal_data: bool,
    generated_at: datetime,
    case_lock_at: datetime | None,
    periods: Periods,
) -> RetentionRecord:
    """RET-010: generation + 30 days; with PD, no later than the case's lock date."""
    delete_at = days_later(generated_at, periods.report_days)
    if personal_data and case_lock_at is not None:
        delete_at = min(delete_at, case_lock_at)
    return RetentionRecord(
        case_type="report",
        case_id=report_id,
        la_code="",
        member_state=member_state,
        authority_id=authority_id,
        parent_id=request_id,
        reason="personal_data" if personal_data else "",
        clock_start=generated_at,
        lock_at=None,
        delete_at=delete_at,
        rule="RET-010",
    )
