"""The retention report for a period, from the retention database, as JSON and/or PDF:

    .venv/bin/python -m imi_retention.report_cli --start 2026-12-01 --end 2027-01-01 \\
        --json .run/retention-report.json --pdf .run/retention-report.pdf

Without --start/--end the period is the `make run` demo's: from today 00:00 UTC over the next
37 months, so it shows what the demo did today and every lock and deletion it set in motion
(lock_due / delete_due lines). The database is the service's (IMI_MONGO_URI, IMI_DB_NAME:
`make run` uses the defaults). Prints the totals; exits 1 if the counts do not add up.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

from imi_shared.clock import system_clock
from imi_shared.mongo import UnitOfWork, make_client

from .adapters.report_pdf import render_pdf
from .context import RetentionContext
from .domain.periods import add_months, start_of_day
from .handlers.report import as_json, period_report
from .settings import RetentionSettings


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def produce(settings: RetentionSettings, start: datetime, end: datetime) -> dict:
    client = make_client(settings.mongo_uri)
    try:
        ctx = RetentionContext(settings, UnitOfWork(client, settings.db_name), system_clock)
        found = await period_report(ctx, start, end)
    finally:
        await client.close()
    return {"json": as_json(found), "pdf": render_pdf(found)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    today = start_of_day(datetime.now(UTC))
    parser.add_argument("--start", type=_moment, default=today, help="ISO date/time (UTC)")
    parser.add_argument(
        "--end", type=_moment, default=add_months(today, 37), help="ISO date/time, excluded"
    )
    parser.add_argument("--json", type=Path, help="write the JSON report here")
    parser.add_argument("--pdf", type=Path, help="write the PDF report here")
    args = parser.parse_args(argv)
    out = asyncio.run(produce(RetentionSettings(), args.start, args.end))
    if args.json:
        args.json.write_text(json.dumps(out["json"], indent=2), encoding="utf-8")
    if args.pdf:
        args.pdf.write_bytes(out["pdf"])
    print(json.dumps({k: out["json"][k] for k in ("period", "totals", "by_rule", "adds_up")}))
    return 0 if out["json"]["adds_up"] else 1


if __name__ == "__main__":  # pragma: no cover - command entrypoint
    raise SystemExit(main())
