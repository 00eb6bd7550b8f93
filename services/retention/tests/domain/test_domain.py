"""Pure rules of retention: the §8.1 schedule and the lock (no I/O)."""

from datetime import UTC, datetime, timedelta

import pytest

from imi_retention.domain.schedule import Periods, add_months, lock, start
from imi_shared.errors import Conflict

CLOSED = datetime(2025, 1, 15, 14, 30, tzinfo=UTC)


def request(la_code="services", closed_at=CLOSED, periods=Periods()):
    return start(
        "request",
        "REQ-1",
        la_code=la_code,
        member_state="FR",
        authority_id="FR-A",
        closed_at=closed_at,
        periods=periods,
    )


def day(y, m, d):
    return datetime(y, m, d, tzinfo=UTC)


def test_ret_001_ret_028_request_locked_at_6_months_deleted_at_3_years():
    record = request()
    assert (record.lock_at, record.delete_at, record.rule) == (
        day(2025, 7, 15),
        day(2028, 1, 15),
        "RET-001",
    )
    assert record.lock_at - timedelta(microseconds=1) < day(2025, 7, 15)  # usable until 07-14


def test_ret_002_ret_029_solvit_locked_at_18_months():
    record = request("solvit")
    assert (record.lock_at, record.delete_at, record.rule, record.is_solvit) == (
        day(2026, 7, 15),
        day(2028, 1, 15),
        "RET-002",
        True,
    )


def test_ret_003_an_alert_is_hidden_at_once_and_deleted_at_6_months():
    record = start(
        "alert",
        "ALR-1",
        la_code="services",
        member_state="DE",
        authority_id=None,
        closed_at=CLOSED,
        periods=Periods(),
    )
    assert (record.lock_at, record.delete_at, record.rule) == (
        CLOSED,
        add_months(CLOSED, 6),
        "RET-003",
    )


def test_ret_011_the_delays_are_configuration():
    record = request(periods=Periods(request_lock=1, request_delete=2))
    assert (record.lock_at, record.delete_at) == (day(2025, 2, 15), day(2025, 3, 15))


def test_ret_011_months_clamp_to_the_last_day():
    assert add_months(datetime(2025, 8, 31, tzinfo=UTC), 6) == day(2026, 2, 28)


def test_ret_012_lock_when_due_emits_case_locked_once():
    record = request()
    (event,) = lock(record, day(2025, 7, 15))
    assert record.locked and (event.event_type, event.case_id, event.rule) == (
        "case.locked",
        "REQ-1",
        "RET-001",
    )
    with pytest.raises(Conflict):
        lock(record, day(2025, 7, 16))


def test_ret_012_no_lock_before_the_lock_date():
    record = request()
    with pytest.raises(Conflict):
        lock(record, day(2025, 7, 14))
    assert not record.locked
