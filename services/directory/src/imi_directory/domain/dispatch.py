"""When invitations are sent (DIR-052, DIR-143, X-032): the 10:00 cut-off and the nightly run.

Submitted before 10:00 on a working day → sent in the night of that day; otherwise in the night
of the next working day (Friday 10:01 → Monday night). [INFERRED] times are Europe/Brussels
wall-clock; working days are Monday–Friday minus configured holidays; a submission made on a
weekend or holiday goes out in the night of the next working day; exactly 10:00 counts as
"after 10:00" (the manual says "avant 10 h" for same-night dispatch); the nightly run starts at
23:00 (configurable).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time

from .timeutil import BRUSSELS, at_local_time, is_working_day, next_working_day, require_aware

DISPATCH_CUTOFF = time(10, 0)
NIGHTLY_RUN_AT = time(23, 0)  # [INFERRED] "la nuit même"


def dispatch_day(submitted_at: datetime, holidays: Collection[date] = ()) -> date:
    """The Brussels date of the night in which an invitation submitted at `submitted_at` goes."""
    local = require_aware(submitted_at, "submitted_at").astimezone(BRUSSELS)
    if is_working_day(local.date(), holidays) and local.time() < DISPATCH_CUTOFF:
        return local.date()
    return next_working_day(local.date(), holidays)


def dispatch_time(
    submitted_at: datetime,
    holidays: Collection[date] = (),
    run_at: time = NIGHTLY_RUN_AT,
) -> datetime:
    """The UTC instant of the nightly run that sends an invitation submitted at `submitted_at`."""
    return at_local_time(dispatch_day(submitted_at, holidays), run_at)


def next_nightly_run(
    now: datetime, holidays: Collection[date] = (), run_at: time = NIGHTLY_RUN_AT
) -> datetime:
    """The next nightly run of a working day (used when the helpdesk unblocks, DIR-064)."""
    local = require_aware(now).astimezone(BRUSSELS)
    day = local.date()
    if is_working_day(day, holidays) and local.time() < run_at:
        return at_local_time(day, run_at)
    return at_local_time(next_working_day(day, holidays), run_at)
