"""Post-start steps: what the launcher does once every service is ready.

This is the hook for later issues. A step is a small function in its own module of
deploy/local/, taking the `StackContext` (addresses of everything that runs) and returning a
one-line summary (or None). To add one, append it to `STEPS`, e.g.

    from seed_demo import seed_demo_participants      # planned: seed demo participants
    from live_demo import play_live_demo              # planned: play a live demo

    STEPS = [
        Step("seed demo participants", seed_demo_participants),
        Step("play a live demo", play_live_demo, in_check=False),
    ]

Steps run in order, after the ready table is printed and before the launcher waits for Ctrl-C.
`in_check=False` skips a step under --check (e.g. a demo that keeps playing). A step that
raises stops the whole stack with its error (exit 1): a half-seeded system is not "running".
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class StackContext:
    kafka_bootstrap: str
    mongo_uri: str
    service_urls: dict[str, str]  # service name -> http://127.0.0.1:<port>
    run_dir: Path
    check: bool
    kek_env: dict[str, str] = field(default_factory=dict)  # IMI_KEK_FILE of this deployment


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[StackContext], str | None]
    in_check: bool = True


def _seed_demo_participants(ctx: StackContext) -> str | None:
    from seed import seed_demo_participants  # imported late: it imports the directory service

    return seed_demo_participants(ctx)


def _seed_demo_registers(ctx: StackContext) -> str | None:
    from seed_registers import seed_demo_registers  # imported late: it imports registers

    return seed_demo_registers(ctx)


def _play_alerts_demo(ctx: StackContext) -> str | None:
    from demo_alerts import play_alerts_demo  # imported late: it imports the alerts service

    return play_alerts_demo(ctx)


def _play_requests_demo(ctx: StackContext) -> str | None:
    from demo_requests import play_requests_demo  # imported late: it imports the requests service

    return play_requests_demo(ctx)


def _play_catalogues_demo(ctx: StackContext) -> str | None:
    from demo_catalogues import play_catalogues_demo

    return play_catalogues_demo(ctx)


def _retention_report(ctx: StackContext) -> str | None:
    from demo_retention import play_retention_report  # issue 15: the demo period's report

    return play_retention_report(ctx)


STEPS: list[Step] = [
    Step("seed demo participants", _seed_demo_participants),
    # managed by the authorities above; not under --check (7 s on a loaded stack): the
    # demo_stack tests of tests/test_local_stack.py run it and search the registers
    Step("seed demo registers", _seed_demo_registers, in_check=False),
    Step("play the alerts demo", _play_alerts_demo, in_check=False),  # needs the seed above
    Step("play the requests demo", _play_requests_demo, in_check=False),
    Step("show a question set in two languages", _play_catalogues_demo, in_check=False),
    Step("write the retention report of the demo period", _retention_report, in_check=False),
]


def run_steps(ctx: StackContext, say: Callable[[str], None], steps: list[Step] = STEPS) -> None:
    for step in steps:
        if ctx.check and not step.in_check:
            continue
        started = time.monotonic()
        summary = step.run(ctx)
        say(f"  {step.name}: {summary or 'done'} ({time.monotonic() - started:.1f}s)")
