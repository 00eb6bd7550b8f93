"""How long a generated report is kept (REQ-098, RET-010). Pure: the time is an argument.

A report stays in its author's activity panel for 30 days (a configuration value, RET-011)
and is then deleted. A report with personal data goes at the earliest of that day, the
case's PD lock date, and any rectification, erasure or early deletion of the PD.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from .kinds import ReportKind

DEFAULT_RETENTION = timedelta(days=30)  # REQ-098


@dataclass(frozen=True)
class GeneratedReport:
    """The record of one generated report (its PDF is stored beside it under `report_id`)."""

    # REQ-110 `RequestReport`: user_id = generated_by, type = kind, contains_pd =
    # personal_data, signed = certified, expires_at = +30 days (REQ-098, RET-010)

    report_id: str
    request_id: str
    kind: ReportKind
    generated_by: str
    generated_at: datetime
    expires_at: datetime
    personal_data: bool
    certified: bool
    size: int


def expiry(
    generated_at: datetime,
    personal_data: bool,
    pd_lock_at: datetime | None,
    retention: timedelta = DEFAULT_RETENTION,
) -> datetime:
    """REQ-098/RET-010: generation + retention; with PD, no later than the PD lock date."""
    expires = generated_at + retention
    if personal_data and pd_lock_at is not None:
        return min(expires, pd_lock_at)
    return expires


def on_pd_changed(
    reports: Iterable[GeneratedReport], request_id: str, at: datetime
) -> list[GeneratedReport]:
    """RET-010: rectification, erasure or early deletion of a request's PD at `at` ends every
    report of that request holding PD at once. Returns the records whose expiry moved."""
    return [
        replace(r, expires_at=at)
        for r in reports
        if r.request_id == request_id and r.personal_data and r.expires_at > at
    ]


def is_expired(report: GeneratedReport, now: datetime) -> bool:
    return now >= report.expires_at


def due_for_deletion(reports: Iterable[GeneratedReport], now: datetime) -> list[GeneratedReport]:
    """REQ-098: the reports to delete now."""
    return [r for r in reports if is_expired(r, now)]


def activity_panel(
    reports: Iterable[GeneratedReport], user_id: str, now: datetime
) -> list[GeneratedReport]:
    """REQ-098: the user's own reports still available, newest first."""
    mine = [r for r in reports if r.generated_by == user_id and not is_expired(r, now)]
    return sorted(mine, key=lambda r: r.generated_at, reverse=True)
