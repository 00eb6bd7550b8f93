"""Pure rules of retention: the §8.1 schedule, the lock and the deletion (no I/O)."""

from datetime import UTC, datetime, timedelta

import pytest

from imi_retention.domain import starts
from imi_retention.domain.periods import Periods, add_months
from imi_retention.domain.schedule import cancel, delete_pd, lock
from imi_shared.errors import Conflict

CLOSED = datetime(2025, 1, 15, 14, 30, tzinfo=UTC)


def request(la_code="services", closed_at=CLOSED, periods=Periods()):
    return starts.request_closed(
        "REQ-1",
        la_code=la_code,
        member_state="FR",
        authority_id="FR-A",
        authority_ids=["FR-A", "DE-B"],
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
    assert not record.is_locked_at(day(2025, 7, 14) + timedelta(hours=23, minutes=59))
    assert record.is_locked_at(day(2025, 7, 15))  # usable through 07-14, locked on 07-15


def test_ret_002_ret_029_solvit_locked_at_18_months():
    record = request("solvit")
    assert (record.lock_at, record.delete_at, record.rule, record.is_solvit) == (
        day(2026, 7, 15),
        day(2028, 1, 15),
        "RET-002",
        True,
    )


def test_ret_003_an_alert_is_hidden_at_once_and_deleted_at_6_months():
    record = starts.alert_closed(
        "ALR-1", member_state="DE", authority_id=None, closed_at=CLOSED, periods=Periods()
    )
    assert (record.lock_at, record.delete_at, record.rule) == (CLOSED, day(2025, 7, 15), "RET-003")


def test_ret_011_the_delays_are_configuration_per_la_too():
    record = request(periods=Periods(request_lock=1, request_delete=2))
    assert (record.lock_at, record.delete_at) == (day(2025, 2, 15), day(2025, 3, 15))
    per_la = request("patients", periods=Periods(lock_by_la={"patients": 12}))
    assert per_la.lock_at == day(2026, 1, 15)


def test_ret_011_months_clamp_to_the_last_day():
    assert add_months(datetime(2025, 8, 31, tzinfo=UTC), 6) == datetime(2026, 2, 28, tzinfo=UTC)


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


def test_ret_013_deletion_is_once_never_early_and_names_the_key():
    record = request()
    with pytest.raises(Conflict):
        delete_pd(record, day(2028, 1, 14))
    (event,) = delete_pd(record, day(2028, 1, 15))
    assert (event.event_type, event.key_id, event.rule) == ("case.pd_deleted", "REQ-1", "RET-001")
    assert record.pd_deleted and record.locked
    with pytest.raises(Conflict):
        delete_pd(record, day(2028, 1, 16))


def test_ret_015_early_deletion_before_the_date_under_its_rule():
    record = request()
    (event,) = delete_pd(record, day(2025, 8, 1), rule="RET-015")
    assert (event.rule, record.delete_rule, record.deleted_at) == (
        "RET-015",
        "RET-015",
        day(2025, 8, 1),
    )


def test_ret_006_a_cancelled_schedule_is_never_acted_on():
    record = starts.authority_ended(
        "FR-Y", member_state="FR", status="registration_refused", at=CLOSED, periods=Periods()
    )
    cancel(record)
    with pytest.raises(Conflict):
        delete_pd(record, day(2026, 1, 1))


def test_ret_004_user_key_ids_are_the_directory_ones():
    user = starts.user_locked(
        "U1",
        authority_id="FR-A",
        member_state="FR",
        reason="user_removed",
        at=CLOSED,
        periods=Periods(),
    )
    assert (user.key_id, user.delete_at, user.service) == ("user:U1", day(2028, 1, 15), "directory")
