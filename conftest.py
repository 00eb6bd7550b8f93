"""Root pytest configuration: the shared fixtures, and a per-area time budget table."""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePosixPath

pytest_plugins = ["imi_testkit.fixtures"]

#: Seconds each area may spend (setup + call + teardown summed over both xdist workers, so the
#: wall time of `make test` is about half the total). Over-budget areas get a
#: warning line, not a failure. New services start at 30 s.
TEST_BUDGETS: dict[str, float] = {
    "shared": 90,  # issue 10: batched-consumer tests on the real servers (~10 s)
    "services/directory": 360,
    "services/alerts": 150,
    "services/requests": 90,  # issue 12 (<= 2 min): + the FR/DE/central relay test (3 processes, ~27 s)
    "services/registers": 30,
    "services/notifier": 40,  # issue 14: real SMTP sink, SIGKILL crash test (12-32 s measured)
    "services/retention": 30,
    "services/translation": 30,
    "tests/alerts": 120,
    "tests/retention": 60,  # issue 15: requests + alerts + retention processes, one deletion
    "tests/fuzz": 60,  # the OpenAPI fuzz of every service (issue 9)
    "tests": 200,  # the make run stack twice (check, demo + raw-bus scan + SIGINT), tracing
}

_durations: dict[str, float] = defaultdict(float)


def _area(nodeid: str) -> str:
    parts = PurePosixPath(nodeid.split("::", 1)[0]).parts
    if parts and parts[0] == "shared":
        return "shared"
    if len(parts) >= 3 and parts[0] in {"services", "tests"}:
        return "/".join(parts[:2])
    return parts[0] if parts else "?"


def pytest_runtest_logreport(report) -> None:
    _durations[_area(report.nodeid)] += report.duration


# the fuzz figures (tests/fuzz): summed over the xdist workers' reports on the controller
FIGURES = ("operations", "cases", "ok", "server_errors", "mismatches")


def fuzz_summary(terminalreporter) -> None:
    """One line with the fuzz figures of the run (summed over xdist workers' reports)."""
    totals = dict.fromkeys(FIGURES, 0)
    services = 0
    for reports in terminalreporter.stats.values():
        for report in reports:
            props = dict(getattr(report, "user_properties", ()) or ())
            if getattr(report, "when", None) == "call" and "fuzz" in props:
                services += 1
                for name in FIGURES:
                    totals[name] += props["fuzz"].get(name, 0)
    if services:
        terminalreporter.write_line(
            f"OpenAPI fuzz: {services} services, {totals['operations']} operations, "
            f"{totals['cases']} cases ({totals['ok']} 2xx), {totals['server_errors']} 5xx, "
            f"{totals['mismatches']} schema mismatches"
        )


def pytest_terminal_summary(terminalreporter) -> None:
    fuzz_summary(terminalreporter)
    if not _durations:
        return
    tr = terminalreporter
    tr.section("time per area (budget)")
    for area in sorted(_durations):
        spent, budget = _durations[area], TEST_BUDGETS.get(area)
        shown = f"{budget:6.0f} s" if budget is not None else "     -  "
        tr.write_line(f"{area:<24} {spent:7.1f} s  / {shown}")
    for area, spent in sorted(_durations.items()):
        budget = TEST_BUDGETS.get(area)
        if budget is not None and spent > budget:
            tr.write_line(
                f"WARNING: {area} over budget: {spent:.1f} s > {budget:.0f} s", yellow=True
            )
