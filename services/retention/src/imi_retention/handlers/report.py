"""The retention report for a period (issue 15), for the Commission (its data protection
officer, through `commission_helpdesk`): JSON and PDF of the same figures."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from imi_shared.auth import Principal
from imi_shared.clock import now_utc
from imi_shared.errors import Forbidden

from ..adapters.record_repository import RecordRepository
from ..context import RetentionContext
from ..domain.report import RetentionReport, build_report
from .rights import is_helpdesk


async def period_report(ctx: RetentionContext, start: datetime, end: datetime) -> RetentionReport:
    found = (await ctx.uow.run(lambda tx: RecordRepository(tx).in_period(start, end))).value
    return build_report(found or [], start, end, now_utc(ctx.clock))


async def retention_report(
    ctx: RetentionContext, principal: Principal, start: datetime, end: datetime
) -> RetentionReport:
    if not is_helpdesk(principal):
        raise Forbidden("RET-016", "the retention report is the Commission helpdesk's")
    return await period_report(ctx, start, end)


def as_json(report: RetentionReport) -> dict:
    return {
        "period": {"start": report.start.isoformat(), "end": report.end.isoformat()},
        "generated_at": report.generated_at.isoformat(),
        "totals": report.totals,
        "by_rule": report.by_rule,
        "by_service": report.by_service,
        "adds_up": report.adds_up(),
        "lines": [{**asdict(x), "at": x.at.isoformat()} for x in report.lines],
    }
