"""Puts this folder on sys.path so the fuzz test can `from fuzzing import ...`."""

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

FIGURES = ("operations", "cases", "server_errors", "mismatches")


def pytest_terminal_summary(terminalreporter) -> None:
    """One line with the fuzz figures of the run (summed over xdist workers' reports)."""
    totals = dict.fromkeys(FIGURES, 0)
    services = 0
    for reports in terminalreporter.stats.values():
        for report in reports:
            props = dict(getattr(report, "user_properties", ()) or ())
            if getattr(report, "when", None) == "call" and "fuzz" in props:
                services += 1
                for name in FIGURES:
                    totals[name] += props["fuzz"][name]
    if services:
        terminalreporter.write_line(
            f"OpenAPI fuzz: {services} services, {totals['operations']} operations, "
            f"{totals['cases']} cases, {totals['server_errors']} 5xx, "
            f"{totals['mismatches']} schema mismatches"
        )
