"""Pure time arithmetic: calendar months, working days, Brussels wall-clock (DIR-052 [INFERRED]).

Domain code never reads the clock: callers pass `now` (timezone-aware).
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")


def require_aware(moment: datetime, name: str = "now") -> datetime:
    """Refuse naive datetimes: every instant in the domain is timezone-aware."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (UTC)")
    return moment


def add_months(moment: datetime, months: int) -> datetime:
    """Same day-of-month `months` later, clamped to the month's last day (31 Aug + 6 → 28 Feb)."""
    require_aware(moment, "moment")
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def local_date(moment: datetime, zone: ZoneInfo = BRUSSELS) -> date:
    return require_aware(moment, "moment").astimezone(zone).date()


def is_working_day(day: date, holidays: Collection[date] = ()) -> bool:
    """Monday to Friday, minus the configured public holidays [INFERRED]."""
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: date, holidays: Collection[date] = ()) -> date:
    """The first working day strictly after `day`."""
    candidate = day + timedelta(days=1)
    while not is_working_day(candidate, holidays):
        candidate += timedelta(days=1)
    return candidate


def at_local_time(day: date, wall_clock: time, zone: ZoneInfo = BRUSSELS) -> datetime:
    """The UTC instant of `wall_clock` on `day` in `zone` (daylight saving handled)."""
    return datetime.combine(day, wall_clock, tzinfo=zone).astimezone(UTC)
