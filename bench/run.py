"""`make bench`: measure the raw baselines and write bench/results/baseline.json.

    .venv/bin/python bench/run.py                     # starts local Tansu + SecantusDB
    IMI_KAFKA_BOOTSTRAP=127.0.0.1:9094 \\
    IMI_MONGO_URI='mongodb://127.0.0.1:27017/?directConnection=true' \\
        .venv/bin/python bench/run.py                 # e.g. against `docker compose up`

Servers named by IMI_KAFKA_BOOTSTRAP / IMI_MONGO_URI are used as they are; the others are
started with imi_shared.localinfra (loopback, in-memory) and stopped at the end.
See bench/README.md for what the figures mean. After the baseline, the same servers run the
directory search benchmark (bench/directory_search.py; `--skip-directory-search` to leave it
out), and the alert broadcast storm (bench/alerts_storm.py; `--alerts-storm 0` to leave it
out), the offered load (bench/alerts_offered_load.py; `--offered-load 0` to leave it out),
whose figures are ratios to that baseline, the register search
(bench/registers_search.py; `--skip-registers-search` to leave it out), the request
lifecycles (bench/requests_lifecycle.py, a ratio to raw MongoDB lifecycles of the same shape
measured in the same run; `--requests-lifecycle 0` to leave it out), and the notifier's
mail pipeline as a ratio to raw SMTP sends (bench/notifier_smtp.py; `--notifier-smtp 0`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from baseline import BaselineParams, format_table, measure_baseline  # noqa: E402

from imi_shared.localinfra import LocalServer, start_kafka, start_mongo  # noqa: E402

RESULTS = HERE / "results"


def _redact(uri: str) -> str:
    """A MongoDB URI without its password, fit for a results file."""
    parts = urlsplit(uri)
    if parts.password is None:
        return uri
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


@contextlib.contextmanager
def servers():
    """(kafka_bootstrap, mongo_uri, description), from the environment or started locally."""
    started: list[LocalServer] = []
    try:
        kafka = os.environ.get("IMI_KAFKA_BOOTSTRAP", "").strip()
        if kafka:
            kafka_kind = "given (IMI_KAFKA_BOOTSTRAP)"
        else:
            server = start_kafka()
            started.append(server)
            kafka, kafka_kind = server.url, "local Tansu (imi_shared.localinfra)"
        mongo = os.environ.get("IMI_MONGO_URI", "").strip()
        if mongo:
            mongo_kind = "given (IMI_MONGO_URI)"
        else:
            server = start_mongo()
            started.append(server)
            mongo, mongo_kind = server.url, "local SecantusDB (imi_shared.localinfra)"
        yield kafka, mongo, {"kafka": kafka_kind, "mongo": mongo_kind}
    finally:
        for server in reversed(started):
            server.stop()


def main(argv: list[str] | None = None) -> int:
    defaults = BaselineParams()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=defaults.messages)
    parser.add_argument("--inserts", type=int, default=defaults.inserts)
    parser.add_argument("--finds", type=int, default=defaults.finds)
    parser.add_argument("--transactions", type=int, default=defaults.transactions)
    parser.add_argument("--out", type=Path, default=RESULTS / "baseline.json")
    parser.add_argument(
        "--skip-directory-search",
        action="store_true",
        help="leave out the directory search benchmark (bench/directory_search.py, "
        "several minutes: it loads 8,200 authorities)",
    )
    parser.add_argument(
        "--skip-registers-search",
        action="store_true",
        help="leave out the register search benchmark (bench/registers_search.py, 5,000 registers)",
    )
    parser.add_argument(
        "--alerts-storm",
        type=int,
        default=40,
        metavar="ALERTS",
        help="alerts of the broadcast storm (bench/alerts_storm.py) run after "
        "the baseline on the same servers; 0 leaves it out",
    )
    parser.add_argument(
        "--offered-load",
        type=float,
        default=60,
        metavar="SECONDS",
        help="seconds of the offered load (bench/alerts_offered_load.py, --offered-rate "
        "broadcasts/s) run after the baseline on the same servers; 0 leaves it out",
    )
    parser.add_argument("--offered-rate", type=float, default=10.0)
    parser.add_argument(
        "--notifier-smtp",
        type=int,
        default=500,
        metavar="MESSAGES",
        help="messages of the notifier mail benchmark (bench/notifier_smtp.py: pipeline into "
        "a local SMTP sink as a ratio to raw aiosmtplib sends); 0 leaves it out",
    )
    parser.add_argument(
        "--requests-lifecycle",
        type=float,
        default=20,
        metavar="SECONDS",
        help="seconds of request lifecycles over HTTP (bench/requests_lifecycle.py) and as "
        "many of raw MongoDB lifecycles; 0 leaves it out",
    )
    args = parser.parse_args(argv)
    params = BaselineParams(
        messages=args.messages,
        inserts=args.inserts,
        finds=args.finds,
        transactions=args.transactions,
    )

    with servers() as (kafka, mongo, kinds):
        print(f"Kafka:   {kafka}  [{kinds['kafka']}]")
        print(f"MongoDB: {_redact(mongo)}  [{kinds['mongo']}]")
        result = measure_baseline(kafka, mongo, params)
        search = None
        if not args.skip_directory_search:
            import asyncio

            from directory_search import ameasure_directory_search

            search = asyncio.run(ameasure_directory_search(kafka, mongo, result))
        registers = None
        if not args.skip_registers_search:
            import asyncio

            from registers_search import ameasure_registers_search

            registers = asyncio.run(ameasure_registers_search(mongo))
        storm = None
        if args.alerts_storm:
            from alerts_storm import measure_storm

            storm = measure_storm(kafka, mongo, result, alerts=args.alerts_storm)
        mail = None
        if args.notifier_smtp:
            import asyncio

            from notifier_smtp import ameasure_notifier_smtp

            mail = asyncio.run(ameasure_notifier_smtp(mongo, args.notifier_smtp))
        offered = None
        if args.offered_load:
            from alerts_offered_load import measure_offered_load

            offered = measure_offered_load(
                kafka, mongo, result, rate=args.offered_rate, duration=args.offered_load
            )

        lifecycles = None
        if args.requests_lifecycle:
            import asyncio

            from requests_lifecycle import ameasure_requests_lifecycle

            lifecycles = asyncio.run(
                ameasure_requests_lifecycle(
                    kafka, mongo, seconds=args.requests_lifecycle, baseline=result
                )
            )

    print()
    print(format_table(result))
    report = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "servers": {"kafka_bootstrap": kafka, "mongo_uri": _redact(mongo), **kinds},
        "baseline": result,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    shown = args.out.relative_to(Path.cwd()) if args.out.is_relative_to(Path.cwd()) else args.out
    print(f"\nwritten: {shown}")
    if search is not None:
        from directory_search import format_search_table, write_report

        out = args.out.parent / "directory_search.json"
        write_report(search, result, report["servers"], out)
        print()
        print(format_search_table(search))
        shown = out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out
        print(f"\nwritten: {shown}")
    if registers is not None:
        from registers_search import format_table as format_registers_table
        from registers_search import write_report as write_registers_report

        registers["baseline_find_one_indexed_s"] = result["mongo_find_one_indexed_s"]
        write_registers_report(registers, args.out.parent / "registers_search.json")
        print()
        print(format_registers_table(registers))
    if mail is not None:
        from notifier_smtp import format_table as format_mail_table
        from notifier_smtp import write_report as write_mail_report

        write_mail_report(mail, args.out.parent / "notifier_smtp.json")
        print()
        print(format_mail_table(mail))
    if storm is not None:
        from alerts_storm import format_result
        from alerts_storm import write_report as write_storm_report

        out = args.out.parent / "alerts_storm.json"
        write_storm_report(result, storm, report["servers"], out)
        print()
        print(format_result(storm))
        shown = out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out
        print(f"\nwritten: {shown}")
    if offered is not None:
        from alerts_offered_load import format_result as format_offered
        from alerts_offered_load import write_report as write_offered_report

        out = args.out.parent / "alerts_offered_load.json"
        write_offered_report(result, offered, report["servers"], out)
        print()
        print(format_offered(offered))
        shown = out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out
        print(f"\nwritten: {shown}")
    if lifecycles is not None:
        from requests_lifecycle import format_result as format_lifecycles
        from requests_lifecycle import write_report as write_lifecycles_report

        out = args.out.parent / "requests_lifecycle.json"
        write_lifecycles_report(lifecycles, report["servers"], out)
        print()
        print(format_lifecycles(lifecycles))
        shown = out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out
        print(f"\nwritten: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
