"""The retention report for a period (issue 15): what was locked and deleted, when, under which
rule, in which service; what falls due in the rest of the period; counts that add up; JSON and
PDF of the same figures."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import retention_fakes as s

from imi_retention.adapters.report_pdf import render_pdf
from imi_retention.entrypoints.jobs import delete_job, lock_job
from imi_retention.handlers import report
from imi_shared.auth import Principal
from imi_shared.errors import Forbidden

HELPDESK = Principal(user_id="h", username="h", authority_id="EU-HD", member_state="EU")
FR_A = Principal(user_id="u", username="u", authority_id="FR-A", member_state="FR")


def day(y, m, d):
    return datetime(y, m, d, tzinfo=UTC)


async def run_jobs(ctx, moment):
    ctx.clock.now = moment
    await lock_job(ctx).tick()
    await delete_job(ctx).tick()


async def test_ret_026_the_period_report_adds_up_by_rule_and_service():
    ctx = s.context(day(2025, 1, 10))
    await s.request_status(ctx, "R1", "closed", day(2025, 1, 15))  # locked 07-15
    await s.request_status(ctx, "S1", "closed", day(2025, 1, 15), la_code="solvit")  # 2026
    await s.alert_status(ctx, "A1", "closed", day(2025, 1, 20))  # locked at once, del. 07-20
    await s.invitation_status(ctx, "I1", "withdrawn", day(2025, 1, 10))  # deleted 04-10
    await s.user_removed(ctx, "U1", "FR-A", day(2025, 2, 1))  # locked at once
    for moment in (day(2025, 2, 1), day(2025, 4, 10), day(2025, 7, 15)):
        await run_jobs(ctx, moment)
    ctx.clock.now = day(2025, 7, 16)
    found = await report.retention_report(ctx, HELPDESK, day(2025, 1, 1), day(2025, 8, 1))
    body = report.as_json(found)
    assert body["totals"] == {"delete_due": 1, "deleted": 1, "locked": 3}
    assert body["by_rule"] == {
        "RET-001": {"locked": 1},
        "RET-003": {"delete_due": 1, "locked": 1},
        "RET-004": {"locked": 1},
        "RET-007": {"deleted": 1},
    }
    assert body["by_service"] == {
        "alerts": {"delete_due": 1, "locked": 1},
        "directory": {"deleted": 1, "locked": 1},
        "requests": {"locked": 1},
    }
    assert body["adds_up"] is True and len(body["lines"]) == 5
    first = body["lines"][0]
    assert (first["action"], first["case_id"], first["at"]) == (
        "locked",
        "A1",
        "2025-02-01T00:00:00+00:00",
    )
    pdf = render_pdf(found)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


async def test_ret_016_the_report_is_the_helpdesks():
    ctx = s.context(day(2025, 1, 10))
    with pytest.raises(Forbidden):
        await report.retention_report(ctx, FR_A, day(2025, 1, 1), day(2025, 2, 1))
