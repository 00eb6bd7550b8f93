"""Post-start step of `make run`: the retention report for the demo period (issue 15), as JSON
and PDF in the run directory, from the retention service (GET /retention/report, as the
Commission helpdesk). The period: today 00:00 UTC over the next 37 months, so it holds what the
demo did today and every lock and deletion it set in motion (lock_due / delete_due lines).

Against a `make run` already running:

    .venv/bin/python deploy/local/demo_retention.py [--retention-url http://127.0.0.1:8106] [--run-dir .run]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from console import say  # noqa: E402

TAG = "[retention report]"


def _headers() -> dict[str, str]:
    """The helpdesk's token, signed with the local development key (as the directory signs it)."""
    from imi_shared.auth import Principal, TokenIssuer, load_private_key
    from imi_shared.settings import ServiceSettings

    env = ServiceSettings()
    issuer = TokenIssuer(load_private_key("", env.environment), env.jwt_issuer)
    helpdesk = Principal(
        user_id="demo-helpdesk", username="demo.helpdesk", authority_id="EU-HD", member_state="EU"
    )
    return {"Authorization": f"Bearer {issuer.issue(helpdesk)}"}


def demo_period() -> tuple[datetime, datetime]:
    from imi_retention.domain.periods import add_months, start_of_day

    today = start_of_day(datetime.now(UTC))
    return today, add_months(today, 37)


def write_report(base_url: str, run_dir: Path, out: Callable[[str], None] = say) -> str:
    import httpx

    start, end = demo_period()
    params = {"start": start.isoformat(), "end": end.isoformat()}
    with httpx.Client(base_url=base_url, timeout=30.0, headers=_headers()) as http:
        answer = http.get("/retention/report", params=params)
        answer.raise_for_status()
        pdf = http.get("/retention/report", params={**params, "format": "pdf"})
        pdf.raise_for_status()
    report = answer.json()
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "retention-report.json").write_text(json.dumps(report, indent=2), "utf-8")
    (run_dir / "retention-report.pdf").write_bytes(pdf.content)
    out(f"{TAG} {start:%Y-%m-%d} to {end:%Y-%m-%d}: totals {report['totals'] or 'none'}")
    for rule, counts in report["by_rule"].items():
        out(f"{TAG}   {rule}: {counts}")
    return (
        f"{len(report['lines'])} lines, counts add up: {report['adds_up']}; "
        f"{run_dir / 'retention-report.json'} and .pdf"
    )


def play_retention_report(ctx) -> str:
    return write_report(ctx.service_urls["retention"], ctx.run_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--retention-url", default="http://127.0.0.1:8106")
    parser.add_argument("--run-dir", type=Path, default=Path(".run"))
    args = parser.parse_args(argv)
    say(write_report(args.retention_url, args.run_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
