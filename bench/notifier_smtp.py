"""Notifier mail throughput: messages/s through the whole mail pipeline into a local aiosmtpd
sink, as a ratio to raw aiosmtplib sends of the same messages to the same sink in the same run.

- raw: one aiosmtplib connection, `send_message` of N pre-rendered messages (the floor);
- pipeline: N notifications queued in MongoDB (`queue_notifications`, not timed), then
  `handlers.mailer.run_mail_batch` until all are sent: due query, notification and address
  reads, rendering from the templates (plain + HTML), the SMTP send and the per-mail `sent`
  mark (one MongoDB write each, what makes a crash lose nothing).

    .venv/bin/python bench/notifier_smtp.py [--messages 500]   # starts a local SecantusDB
    .venv/bin/python bench/run.py                               # after the baseline

Writes bench/results/notifier_smtp.json. Nothing asserts a figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


class _SinkProcess:
    """The sink in its own process (`python -m imi_notifier.devsink serve`), so its parsing
    does not share this process's interpreter lock with what is measured."""

    def __init__(self, store: Path) -> None:
        from imi_shared.localinfra import free_port

        self.port, self.http_port, self.store = free_port(), free_port(), store
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "imi_notifier.devsink", "serve", "--smtp-port", str(self.port),
             "--http-port", str(self.http_port), "--store", str(store)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the SMTP sink did not start")

    def caught(self) -> int:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/", timeout=30) as r:
            return len(json.loads(r.read()))

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


async def _raw(sink, messages) -> float:
    import aiosmtplib

    client = aiosmtplib.SMTP(hostname="127.0.0.1", port=sink.port, timeout=30, start_tls=False)
    await client.connect()
    started = time.perf_counter()
    for message in messages:
        await client.send_message(message)
    elapsed = time.perf_counter() - started
    await client.quit()
    return elapsed


async def ameasure_notifier_smtp(mongo_uri: str, messages: int = 500) -> dict:
    from imi_notifier.adapters.smtp import build_message
    from imi_notifier.adapters.templates import load_templates
    from imi_notifier.context import NotifierContext
    from imi_notifier.domain.mail_values import mail_values
    from imi_notifier.domain.notification import Recipient, for_user
    from imi_notifier.domain.rendering import render
    from imi_notifier.handlers.mailer import run_mail_batch
    from imi_notifier.handlers.queueing import queue_notifications
    from imi_notifier.settings import NotifierSettings
    from imi_shared.mongo import UnitOfWork, make_client

    db_name = f"bench_notifier_{uuid.uuid4().hex[:8]}"
    client = make_client(mongo_uri)
    sink = _SinkProcess(Path(tempfile.mkdtemp()) / "caught.jsonl")
    try:
        settings = NotifierSettings(db_name=db_name, smtp_port=sink.port, mail_batch_size=100)
        templates = load_templates()
        ctx = NotifierContext(settings, UnitOfWork(client, db_name), None, templates=templates)
        now = datetime.now(UTC)
        users = [Recipient(f"u{i}", "FR-A", "FR", "fr" if i % 2 else "en") for i in range(messages)]
        await client[db_name]["recipients"].insert_many([
            {"_id": u.user_id, "version": 1, "authority_id": "FR-A", "member_state": "FR",
             "main_language": u.main_language, "email": f"{u.user_id}@bench.example.org",
             "status": "active"} for u in users
        ])  # fmt: skip
        batch = [
            for_user(f"bench-{i}", "N_REQ_NEW_INCOMING", u, now, case_type="request",
                     case_ref=f"FR-2026-{i:06d}", link=f"/requests/r{i}")
            for i, u in enumerate(users)
        ]  # fmt: skip
        for start in range(0, messages, 100):
            chunk = batch[start : start + 100]
            await ctx.uow.run(lambda tx, c=chunk: queue_notifications(ctx, tx, c))
        # raw: the same messages, rendered beforehand, on one connection
        raw_messages = []
        for n in batch:
            mail = render(
                templates, n.code, n.language, mail_values(n, settings.imi_base_url, {}, {})
            )
            raw_messages.append(
                build_message(
                    settings.mail_from,
                    f"{n.recipient_id}@bench.example.org",
                    mail,
                    n.notification_id,
                    n.code,
                )
            )
        raw_s = await _raw(sink, raw_messages)
        started = time.perf_counter()
        sent = 0
        while sent < messages:
            report = await run_mail_batch(ctx, datetime.now(UTC))
            if report.sent == 0 and report.failed:
                raise RuntimeError(f"the pipeline failed: {report}")
            sent += report.sent
        pipeline_s = time.perf_counter() - started
        assert sink.caught() == 2 * messages, "every mail caught once (raw, then pipeline)"
    finally:
        sink.stop()
        await client.drop_database(db_name)
        await client.close()
    raw_rate, pipeline_rate = messages / raw_s, messages / pipeline_s
    return {
        "messages": messages,
        "raw_smtp_messages_per_s": round(raw_rate, 1),
        "pipeline_messages_per_s": round(pipeline_rate, 1),
        "ratio_to_raw": round(pipeline_rate / raw_rate, 3),
    }


def format_table(result: dict) -> str:
    return (
        f"notifier mail, {result['messages']} messages into a local aiosmtpd sink\n"
        f"  raw aiosmtplib sends   {result['raw_smtp_messages_per_s']:8.1f} msg/s\n"
        f"  through the pipeline   {result['pipeline_messages_per_s']:8.1f} msg/s"
        f"  ({result['ratio_to_raw']:.2f}x raw)"
    )


def write_report(result: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    report = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
              "cpus": os.cpu_count(), **result}  # fmt: skip
    out.write_text(json.dumps(report, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--out", type=Path, default=RESULTS / "notifier_smtp.json")
    args = parser.parse_args(argv)
    mongo = os.environ.get("IMI_MONGO_URI", "").strip()
    server = None
    if not mongo:
        from imi_shared.localinfra import start_mongo

        server = start_mongo()
        mongo = server.url
    try:
        result = asyncio.run(ameasure_notifier_smtp(mongo, args.messages))
    finally:
        if server is not None:
            server.stop()
    print(format_table(result))
    write_report(result, args.out)
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
