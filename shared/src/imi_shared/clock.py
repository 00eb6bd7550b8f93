"""The one clock every service reads: an injectable callable returning an aware UTC datetime.

Handlers, periodic jobs and domain decisions take the time from the context's clock, never from
`datetime.now()`, so tests drive time with `imi_testkit.FakeClock` instead of sleeping.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def __call__(self) -> datetime: ...


def system_clock() -> datetime:
    """Wall-clock time in UTC (the production clock)."""
    return datetime.now(UTC)


def now_utc(clock: Clock) -> datetime:
    """`clock()` normalised to UTC: a clock in another zone still orders correctly."""
    return clock().astimezone(UTC)
