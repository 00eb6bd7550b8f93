"""Invitation dispatch times: the 10:00 cut-off and working-day nights (DIR-052, DIR-143)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from imi_directory.domain.dispatch import (
    NIGHTLY_RUN_AT,
    dispatch_day,
    dispatch_time,
    next_nightly_run,
)
from imi_directory.domain.timeutil import BRUSSELS, add_months, is_working_day, next_working_day


def brussels(y, m, d, hh, mm):
    return datetime(y, m, d, hh, mm, tzinfo=BRUSSELS).astimezone(UTC)


def night_of(y, m, d):
    return datetime.combine(date(y, m, d), NIGHTLY_RUN_AT, tzinfo=BRUSSELS).astimezone(UTC)


# 2025-03-04 is a Tuesday; 2025-03-07 a Friday.
@pytest.mark.parametrize(
    ("submitted", "expected_night"),
    [
        (brussels(2025, 3, 4, 9, 59), (2025, 3, 4)),  # DIR-143: Tuesday 09:59 → Tuesday night
        (brussels(2025, 3, 4, 10, 1), (2025, 3, 5)),  # DIR-143: Tuesday 10:01 → Wednesday night
        (brussels(2025, 3, 7, 10, 1), (2025, 3, 10)),  # DIR-143: Friday 10:01 → Monday night
        (brussels(2025, 3, 7, 9, 0), (2025, 3, 7)),  # Friday morning → Friday night
        (brussels(2025, 3, 4, 10, 0), (2025, 3, 5)),  # exactly 10:00 is not "before 10:00"
        (brussels(2025, 3, 4, 0, 5), (2025, 3, 4)),  # just after midnight
        (brussels(2025, 3, 4, 23, 30), (2025, 3, 5)),
    ],
)
def test_dir_143_acceptance_examples(submitted, expected_night):
    assert dispatch_time(submitted) == night_of(*expected_night)


@pytest.mark.parametrize(
    ("submitted", "expected_night"),
    [
        (brussels(2025, 3, 8, 8, 0), (2025, 3, 10)),  # Saturday morning → Monday night
        (brussels(2025, 3, 9, 15, 0), (2025, 3, 10)),  # Sunday → Monday night
    ],
)
def test_dir_052_weekend_submissions_go_on_the_next_working_day(submitted, expected_night):
    assert dispatch_time(submitted) == night_of(*expected_night)


def test_dir_052_holidays_are_not_working_days():
    easter_monday = date(2025, 4, 21)
    friday = brussels(2025, 4, 18, 11, 0)
    assert dispatch_day(friday, holidays={easter_monday}) == date(2025, 4, 22)
    assert dispatch_day(brussels(2025, 4, 21, 8, 0), holidays={easter_monday}) == date(2025, 4, 22)


def test_dir_052_times_are_brussels_wall_clock_across_daylight_saving():
    winter = dispatch_time(brussels(2025, 1, 14, 9, 0))
    summer = dispatch_time(brussels(2025, 7, 1, 9, 0))
    assert (winter.hour, summer.hour) == (22, 21)  # 23:00 CET / CEST in UTC
    # 09:30 UTC is 10:30 in Brussels in winter: after the cut-off
    assert dispatch_day(datetime(2025, 1, 14, 9, 30, tzinfo=UTC)) == date(2025, 1, 15)


def test_dir_052_night_run_time_configurable():
    at = dispatch_time(brussels(2025, 3, 4, 9, 0), run_at=time(2, 0))
    assert at == datetime(2025, 3, 4, 2, 0, tzinfo=BRUSSELS).astimezone(UTC)


def test_dir_064_next_nightly_run_after_unblocking():
    assert next_nightly_run(brussels(2025, 3, 4, 15, 0)) == night_of(2025, 3, 4)
    assert next_nightly_run(brussels(2025, 3, 4, 23, 30)) == night_of(2025, 3, 5)
    assert next_nightly_run(brussels(2025, 3, 8, 12, 0)) == night_of(2025, 3, 10)


def test_working_days_and_months():
    assert is_working_day(date(2025, 3, 7)) and not is_working_day(date(2025, 3, 8))
    assert next_working_day(date(2025, 3, 7)) == date(2025, 3, 10)
    assert add_months(datetime(2025, 8, 31, tzinfo=UTC), 6) == datetime(2026, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2025, 1, 10, tzinfo=UTC), 3) == datetime(2025, 4, 10, tzinfo=UTC)
    with pytest.raises(ValueError):
        dispatch_time(datetime(2025, 3, 4, 9, 0))
