"""The retention report for a period (issue 15): what was locked and deleted, when, under which
rule, in which service, and what falls due later in the period, with counts that add up (the
evidence a data protection officer asks for). Pure; ids, dates and rules only, no PD."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from imi_shared.errors import InvalidInput

from .schedule import RetentionRecord


@dataclass(frozen=True)
class ReportLine:
    action: str  # locked | deleted | lock_due | delete_due
    at: datetime
    case_type: str
    case_id: str
    service: str
    rule: str
    member_state: str


@dataclass(frozen=True)
class RetentionReport:
    start: datetime
    end: datetime
    generated_at: datetime
    lines: list[ReportLine]
    totals: dict[str, int] = field(default_factory=dict)  # per action
    by_rule: dict[str, dict[str, int]] = field(default_factory=dict)  # rule -> action -> n
    by_service: dict[str, dict[str, int]] = field(default_factory=dict)

    def adds_up(self) -> bool:
        """Every breakdown sums to the totals, and the totals to the lines."""
        total = sum(self.totals.values())
        return total == len(self.lines) and all(
            sum(n for per in table.values() for n in per.values()) == total
            and all(
                sum(per.get(a, 0) for per in table.values()) == n for a, n in self.totals.items()
            )
            for table in (self.by_rule, self.by_service)
        )


def _lines(record: RetentionRecord, start: datetime, end: datetime, now: datetime):
    def within(moment: datetime | None) -> bool:
        return moment is not None and start <= moment < end

    common = (record.case_type, record.case_id, record.service)
    if record.locked and within(record.locked_at):
        yield ReportLine("locked", record.locked_at, *common, record.rule, record.member_state)
    elif not record.locked and not record.cancelled and within(record.lock_at):
        if record.lock_at >= now:  # type: ignore[operator]
            yield ReportLine("lock_due", record.lock_at, *common, record.rule, record.member_state)
    if record.pd_deleted and within(record.deleted_at):
        rule = record.delete_rule or record.rule
        yield ReportLine("deleted", record.deleted_at, *common, rule, record.member_state)
    elif not record.pd_deleted and not record.cancelled and within(record.delete_at):
        if record.delete_at >= now:
            yield ReportLine(
                "delete_due", record.delete_at, *common, record.rule, record.member_state
            )


def _table(lines: list[ReportLine], key) -> dict[str, dict[str, int]]:
    table: dict[str, Counter] = {}
    for line in lines:
        table.setdefault(key(line), Counter())[line.action] += 1
    return {k: dict(sorted(v.items())) for k, v in sorted(table.items())}


def build_report(
    records: Iterable[RetentionRecord], start: datetime, end: datetime, now: datetime
) -> RetentionReport:
    """Actions done in [start, end) and, for the part of it still ahead of `now`, those due."""
    if end <= start:
        raise InvalidInput("RET-026", "the period ends before it starts", "end")
    lines = sorted(
        (line for r in records for line in _lines(r, start, end, now)),
        key=lambda x: (x.at, x.case_type, x.case_id, x.action),
    )
    report = RetentionReport(
        start,
        end,
        now,
        lines,
        dict(sorted(Counter(x.action for x in lines).items())),
        _table(lines, lambda x: x.rule),
        _table(lines, lambda x: x.service),
    )
    assert report.adds_up()
    return report
