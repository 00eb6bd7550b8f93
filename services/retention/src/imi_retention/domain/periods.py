"""The configured delays of §8.1 (RET-011) and the calendar arithmetic of the schedule.

A delay in months ends at the start (00:00 UTC) of the same day `n` months later (clamped to the
month's last day): a request closed on 2025-01-15 is locked on 2025-07-15 at 00:00, so its PD is
usable through 2025-07-14 (RET-028). A delay in days ends at the same time of day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

SOLVIT = "solvit"


@dataclass(frozen=True)
class Periods:
    """RET-011: every delay is configuration (RetentionSettings), with the §8.1 defaults."""

    request_lock: int = 6  # months, RET-001, X-042
    solvit_lock: int = 18  # months, RET-002, X-042
    request_delete: int = 36  # months, RET-001/002, X-043
    alert_delete: int = 6  # months, RET-003, X-043
    user_delete: int = 36  # months after the lock, RET-004, X-044
    inactive_authority: int = 6  # months, RET-005, X-036
    registration_refused: int = 6  # months, RET-006, X-035
    invitation_withdrawn: int = 3  # months, RET-007, X-034
    invitation_validated: int = 3  # months, RET-008, X-034
    invitation_validation_refused: int = 6  # months, RET-009, X-035
    report_days: int = 30  # RET-010, X-041
    rectification_days: int = 30  # RET-020, X-045
    closure_reminder_days: int = 90  # RET-014, X-049 [INFERRED: threshold]
    lock_by_la: dict[str, int] = field(default_factory=dict)  # RET-011: per-LA lock months

    def lock_months(self, la_code: str) -> int:
        if la_code in self.lock_by_la:
            return self.lock_by_la[la_code]
        return self.solvit_lock if la_code == SOLVIT else self.request_lock


def add_months(moment: datetime, months: int) -> datetime:
    """Same day `months` later (clamped to the month's last day), same time of day."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def start_of_day(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def months_later(moment: datetime, months: int) -> datetime:
    """The start of the day `months` after `moment` (the §8.1 "at +n months")."""
    return start_of_day(add_months(moment.astimezone(UTC), months))


def days_later(moment: datetime, days: int) -> datetime:
    return moment + timedelta(days=days)
