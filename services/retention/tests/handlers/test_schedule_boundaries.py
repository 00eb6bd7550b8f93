"""Every row of the §8.1 table on the jobs, the fake clock moved across each boundary: the
moment before (the end of the day before), the day of, and the day after (nothing twice).
Lock and deletion run through the real job callables on the kernel's fakes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import retention_fakes as s

from imi_retention.entrypoints.jobs import delete_job, lock_job

T0 = datetime(2025, 1, 15, 14, 30, tzinfo=UTC)  # RET-028/029: closed on 2025-01-15
T1 = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)  # RET-031: withdrawn / inactive on 2025-01-10
SECOND = timedelta(seconds=1)


def day(y, m, d):
    return datetime(y, m, d, tzinfo=UTC)


@dataclass(frozen=True)
class Row:
    rule: str
    record: str
    setup: object  # async (ctx) -> None, at the clock start
    start: datetime
    lock_at: datetime | None
    delete_at: datetime
    lock_event: str | None
    delete_event: str


ROWS = [
    Row(
        "RET-001-RET-028-closed",
        "request:R1",
        lambda c: s.request_status(c, "R1", "closed", T0),
        T0,
        day(2025, 7, 15),
        day(2028, 1, 15),
        "case.locked",
        "case.pd_deleted",
    ),
    Row(
        "RET-001-refused",
        "request:R2",
        lambda c: s.request_status(c, "R2", "refused", T0),
        T0,
        day(2025, 7, 15),
        day(2028, 1, 15),
        "case.locked",
        "case.pd_deleted",
    ),
    Row(
        "RET-002-RET-029-solvit",
        "request:R3",
        lambda c: s.request_status(c, "R3", "closed", T0, la_code="solvit"),
        T0,
        day(2026, 7, 15),
        day(2028, 1, 15),
        "case.locked",
        "case.pd_deleted",
    ),
    Row(
        "RET-003-closed",
        "alert:A1",
        lambda c: s.alert_status(c, "A1", "closed", T0),
        T0,
        T0,
        day(2025, 7, 15),
        "case.locked",
        "case.pd_deleted",
    ),
    Row(
        "RET-003-withdrawn",
        "alert:A2",
        lambda c: s.alert_status(c, "A2", "withdrawn", T0),
        T0,
        T0,
        day(2025, 7, 15),
        "case.locked",
        "case.pd_deleted",
    ),
    Row(
        "RET-034-alert-draft-deleted",
        "alert:A3",
        lambda c: s.alert_status(c, "A3", "deleted", T0),
        T0,
        None,
        T0,
        None,
        "case.pd_deleted",
    ),
    Row(
        "RET-034-request-draft-deleted",
        "request:R4",
        lambda c: s.request_deleted(c, "R4", T0),
        T0,
        None,
        T0,
        None,
        "case.pd_deleted",
    ),
    Row(
        "RET-004-user-removed",
        "user:U1",
        lambda c: s.user_removed(c, "U1", "FR-A", T1),
        T1,
        T1,
        day(2028, 1, 10),
        "user.pd_locked",
        "user.pd_deleted",
    ),
    Row(
        "RET-005-RET-031-authority-inactive",
        "authority:FR-X",
        lambda c: s.authority_status(c, "FR-X", "inactive", T1),
        T1,
        None,
        day(2025, 7, 10),
        None,
        "authority.pd_deleted",
    ),
    Row(
        "RET-006-registration-refused",
        "authority:FR-Y",
        lambda c: s.authority_status(c, "FR-Y", "registration_refused", T1),
        T1,
        None,
        day(2025, 7, 10),
        None,
        "authority.pd_deleted",
    ),
    Row(
        "RET-007-RET-031-invitation-withdrawn",
        "invitation:I1",
        lambda c: s.invitation_status(c, "I1", "withdrawn", T1),
        T1,
        None,
        day(2025, 4, 10),
        None,
        "invitation.pd_deleted",
    ),
    Row(
        "RET-008-invitation-validated",
        "invitation:I2",
        lambda c: s.invitation_status(c, "I2", "authority_validated", T1),
        T1,
        None,
        day(2025, 4, 10),
        None,
        "invitation.pd_deleted",
    ),
    Row(
        "RET-009-invitation-validation-refused",
        "invitation:I3",
        lambda c: s.invitation_status(c, "I3", "validation_refused", T1),
        T1,
        None,
        day(2025, 7, 10),
        None,
        "invitation.pd_deleted",
    ),
    Row(
        "RET-010-report-30-days",
        "report:P1",
        lambda c: s.report_generated(c, "P1", "R9", T0, personal_data=False),
        T0,
        None,
        T0 + timedelta(days=30),
        None,
        "report.pd_deleted",
    ),
]


def types(ctx) -> list[str]:
    return [e.envelope.event_type for e in ctx.uow.outbox]


async def at(ctx, moment):
    ctx.clock.now = moment
    await lock_job(ctx).tick()
    await delete_job(ctx).tick()


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.rule)
async def test_ret_011_each_row_acts_on_its_day_not_before_and_once(row: Row):
    ctx = s.context(row.start)
    await row.setup(ctx)
    rec = s.records(ctx)[row.record]
    assert (rec["lock_at"], rec["delete_at"]) == (row.lock_at, row.delete_at)
    if row.lock_at is not None and row.lock_at < row.delete_at:
        await at(ctx, row.lock_at - SECOND)  # the end of the day before: nothing
        assert types(ctx) == []
        await at(ctx, row.lock_at)  # the day of
        assert types(ctx) == [row.lock_event]
        await at(ctx, row.lock_at + timedelta(days=1))  # the day after: not twice
        assert types(ctx) == [row.lock_event]
    locks = [row.lock_event] if row.lock_event and row.lock_at < row.delete_at else []
    await at(ctx, row.delete_at - SECOND)
    assert types(ctx) == locks
    await at(ctx, row.delete_at)
    assert types(ctx) == [*locks, row.delete_event]
    await at(ctx, row.delete_at + timedelta(days=1))
    assert types(ctx) == [*locks, row.delete_event]
    done = s.records(ctx)[row.record]
    assert done["pd_deleted"] and done["deleted_at"] == row.delete_at
    payload = ctx.uow.outbox[-1].envelope.payload
    assert payload["rule"] == row.rule[:7] and payload["deleted_at"]
