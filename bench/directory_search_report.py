"""The table and the JSON file of bench/directory_search.py (see bench/README.md).

Every latency is printed next to its ratio to the raw indexed `find_one` of the baseline
measured in the same run: "12x" means one search costs as much time as 12 sequential raw
indexed find_one calls; the projection writes likewise against raw 2-write transactions.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

HEAD = (
    "search",
    "results",
    "p50 ms",
    "p95 ms",
    "p50/raw",
    "p95/raw",
    "HTTP p50 ms",
    "HTTP p95 ms",
    "HTTP p50/raw",
    "HTTP p95/raw",
    "HTTP adds",
)


def _row(name: str, r: dict) -> tuple[str, ...]:
    h, w = r["handler"], r.get("http")
    return (
        name,
        f"{r['mean_results']:,.0f}",
        f"{h['p50_ms']:.1f}",
        f"{h['p95_ms']:.1f}",
        f"{h['p50_in_raw_find_ones']:.1f}x",
        f"{h['p95_in_raw_find_ones']:.1f}x",
        f"{w['p50_ms']:.1f}" if w else "-",
        f"{w['p95_ms']:.1f}" if w else "-",
        f"{w['p50_in_raw_find_ones']:.1f}x" if w else "-",
        f"{w['p95_in_raw_find_ones']:.1f}x" if w else "-",
        f"{w['overhead_ms']:.1f} ms" if w else "-",
    )


def _aligned(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=False))
        )
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def format_search_table(report: dict) -> str:
    rows = [HEAD, *(_row(name, r) for name, r in report["searches"].items())]
    find_one_s = report["raw_find_one_indexed_per_s"]
    title = (
        f"Directory search: {report['authorities']:,} authorities, {report['users']:,} "
        f"users (loaded in {report['load_seconds']:.1f}s); raw indexed find_one "
        f"{find_one_s:,.0f}/s = {1000 / find_one_s:.2f} ms (the ratios' unit)"
    )
    out = [title, *_aligned(rows)]
    writes = report.get("projection_writes")
    if writes:
        out += [
            "",
            f"Projection write of one changed authority ({writes['change']}, in a transaction; "
            f"raw 2-write transaction {writes['raw_tx_two_writes_per_s']:,.0f}/s = the unit):",
            *_aligned(
                [
                    ("write", "count", "p50 ms", "p95 ms", "p50/raw tx", "p95/raw tx"),
                    (
                        "SearchIndex.put",
                        f"{writes['count']}",
                        f"{writes['p50_ms']:.1f}",
                        f"{writes['p95_ms']:.1f}",
                        f"{writes['p50_in_raw_tx']:.1f}x",
                        f"{writes['p95_in_raw_tx']:.1f}x",
                    ),
                ]
            ),
        ]
    return "\n".join(out)


def write_report(report: dict, baseline: dict, servers: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "servers": servers,
                "directory_search": report,
                "baseline": baseline,
            },
            indent=2,
        )
        + "\n"
    )
