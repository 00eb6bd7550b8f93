"""The retention schedule of a case (RET-001..RET-003, RET-011, RET-026) and its lock.

A record starts at the case's formal closure. Requests: PD locked at the start of the day
closure + 6 months (SOLVIT: + 18 months) and deleted at closure + 3 years (RET-028, RET-029:
closed on 2025-01-15 → locked on 2025-07-15, deleted on 2028-01-15). Alerts: hidden at once
(the closure is the lock date), deleted at + 6 months (RET-003).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime

from imi_shared.errors import Conflict

from .events import CaseLocked, CaseType

SOLVIT = "solvit"


@dataclass(frozen=True)
class Periods:
    """RET-011: the configured delays, in months."""

    request_lock: int = 6
    solvit_lock: int = 18
    request_delete: int = 36
    alert_delete: int = 6


@dataclass
class RetentionRecord:
    case_type: CaseType
    case_id: str
    la_code: str
    member_state: str
    authority_id: str | None  # the authority that closed it: it may read the record
    clock_start: datetime
    lock_at: datetime
    delete_at: datetime
    rule: str
    locked: bool = False
    pd_deleted: bool = False

    @property
    def record_id(self) -> str:
        return record_id(self.case_type, self.case_id)

    @property
    def is_solvit(self) -> bool:
        return self.la_code == SOLVIT


def record_id(case_type: str, case_id: str) -> str:
    return f"{case_type}:{case_id}"


def add_months(moment: datetime, months: int) -> datetime:
    """Same day `months` later (clamped to the month's last day), same time of day."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _start_of_day(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def start(
    case_type: CaseType,
    case_id: str,
    *,
    la_code: str,
    member_state: str,
    authority_id: str | None,
    closed_at: datetime,
    periods: Periods,
) -> RetentionRecord:
    """The schedule a formal closure (or an alert's withdrawal) starts."""
    if case_type == "alert":  # RET-003
        lock_at, rule = closed_at, "RET-003"
        delete_at = add_months(closed_at, periods.alert_delete)
    else:
        solvit = la_code == SOLVIT
        rule = "RET-002" if solvit else "RET-001"
        months = periods.solvit_lock if solvit else periods.request_lock
        lock_at = _start_of_day(add_months(closed_at, months))
        delete_at = _start_of_day(add_months(closed_at, periods.request_delete))
    return RetentionRecord(
        case_type=case_type,
        case_id=case_id,
        la_code=la_code,
        member_state=member_state,
        authority_id=authority_id,
        clock_start=closed_at,
        lock_at=lock_at,
        delete_at=delete_at,
        rule=rule,
    )


def lock(record: RetentionRecord, now: datetime) -> list[CaseLocked]:
    """RET-012: lock the case's PD once its lock date has passed (never twice, never early)."""
    if record.locked:
        raise Conflict(record.rule, f"{record.record_id} is already locked")
    if now < record.lock_at:
        raise Conflict(record.rule, f"{record.record_id} is locked on {record.lock_at:%Y-%m-%d}")
    record.locked = True
    return [
        CaseLocked(
            case_type=record.case_type,
            case_id=record.case_id,
            member_state=record.member_state,
            rule=record.rule,
            lock_at=record.lock_at,
            delete_at=record.delete_at,
            locked_at=now,
        )
    ]
