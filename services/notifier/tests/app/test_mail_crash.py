"""Crash test of the mail pipeline (NOT-001: never lost, never sent twice): the notifier
process (`python -m imi_notifier.app`) sends 40 queued mails to a slow real aiosmtpd sink, is
SIGKILLed mid-batch, and restarted; every expected mail arrives. The one window SMTP
cannot close (the server accepted a mail, the process died before recording it) re-sends at
most that mail, with the same Message-ID: the test allows one such copy and counts it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from notifier_support import eventually

from imi_notifier.context import NotifierContext
from imi_notifier.devsink import SmtpSink
from imi_notifier.domain.notification import Recipient, welcome
from imi_notifier.handlers.queueing import queue_notifications
from imi_notifier.settings import NotifierSettings
from imi_shared.localinfra import free_port
from imi_shared.mongo import UnitOfWork, make_client

COUNT = 40
MODULE = "imi_notifier.app"  # the whole notifier process (HTTP, consumers, mail job)


def _spawn(env: dict[str, str], log: Path, module: str = MODULE) -> subprocess.Popen:
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", module],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # a crash: no shutdown, no lease hand-over
    proc.wait(30)


def _errors(log: Path) -> str:
    """The distinct tracebacks in the process's JSON log, for a failure message."""
    seen: dict[str, None] = {}
    for line in log.read_text(errors="replace").splitlines():
        if '"exc"' in line:
            seen.setdefault(line[-1500:], None)
    return "\n".join(seen)


async def _seed(infra, db_name: str, count: int = COUNT) -> set[str]:
    """`count` users in the read model and their welcome queued, as the consumer does it."""
    client = make_client(infra.mongo_uri)
    uow = UnitOfWork(client, db_name)
    settings = NotifierSettings(db_name=db_name)
    ctx = NotifierContext(settings, uow, sealer=None)  # type: ignore[arg-type]
    now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    users = [Recipient(f"u{i:02d}", "FR-A", "FR", "fr" if i % 2 else "en") for i in range(count)]
    await client[db_name]["recipients"].insert_many(
        [
            {
                "_id": u.user_id,
                "version": 1,
                "authority_id": "FR-A",
                "member_state": "FR",
                "main_language": u.main_language,
                "email": f"{u.user_id}@example.org",
                "status": "active",
            }
            for u in users
        ]
    )
    batch = [welcome(f"ev-{u.user_id}", u, now) for u in users]
    await uow.run(lambda tx: queue_notifications(ctx, tx, batch))
    await client.close()
    return {f"<{n.notification_id}@imi.notifier>" for n in batch}


def _env(infra, topics, db_name, sink) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    env.update(
        PYTHONUNBUFFERED="1",
        IMI_KAFKA_BOOTSTRAP=infra.kafka_bootstrap,
        IMI_MONGO_URI=infra.mongo_uri,
        IMI_DB_NAME=db_name,
        IMI_TOPIC_PREFIX=topics.prefix,
        IMI_HTTP_PORT=str(free_port()),
        IMI_SMTP_PORT=str(sink.port),
        IMI_MAIL_POLL_SECONDS="0.1",
        IMI_MAIL_BATCH_SIZE="10",
        IMI_MAIL_LEASE_SECONDS="2",
        IMI_MEMBER_STATES="FR",
    )
    return env


async def test_not_001_the_sender_process_alone_sends_and_stops_on_sigterm(
    infra, topics, db_name, tmp_path
):
    """`python -m imi_notifier.sender`: the mail job without HTTP or Kafka (a deployment
    may run it next to apps with `IMI_MAIL_SENDER_ENABLED=false`)."""
    expected = await _seed(infra, db_name, count=3)
    sink = SmtpSink().start()
    proc = _spawn(
        _env(infra, topics, db_name, sink), tmp_path / "sender.log", "imi_notifier.sender"
    )
    try:

        async def sent():
            return {m.message_id for m in sink.caught()} == expected or None

        await eventually(sent, timeout=30, what="the three mails from the sender process")
        proc.terminate()
        assert proc.wait(15) == 0
    finally:
        _kill(proc)
        sink.stop()
    assert len(sink.caught()) == 3


async def test_not_001_sigkill_mid_batch_then_restart_every_mail_arrives_once(
    infra, topics, db_name, tmp_path
):
    expected = await _seed(infra, db_name)
    sink = SmtpSink().start()
    sink.delay = 0.03  # ~1.2 s of sending: room to kill mid-batch
    env = _env(infra, topics, db_name, sink)
    log = tmp_path / "notifier.log"
    proc = _spawn(env, log)
    try:
        watcher = make_client(infra.mongo_uri)

        async def some_sent():  # recorded as sent: the kill lands while the next is in flight
            return await watcher[db_name]["mail_outbox"].count_documents({"status": "sent"}) >= 8

        try:
            await eventually(some_sent, timeout=60, what="the first mails")
        finally:
            await watcher.close()
        _kill(proc)
        at_kill = len(sink.caught())
        assert at_kill < COUNT, "the whole batch went out before the kill: nothing tested"
        proc = _spawn(env, log)

        async def all_there():
            ids = {m.message_id for m in sink.caught()}
            return ids if ids >= expected else None

        try:
            await eventually(all_there, timeout=45, what=f"all {COUNT} mails after the restart")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{_errors(log)}") from None
        client = make_client(infra.mongo_uri)

        async def all_recorded():  # the in-flight one: once the dead transaction is gone
            statuses = await client[db_name]["mail_outbox"].distinct("status")
            return statuses if statuses == ["sent"] else None

        try:
            await eventually(all_recorded, timeout=30, what="every mail recorded as sent")
        finally:
            await client.close()
    finally:
        _kill(proc)
        sink.stop()
    caught = [m.message_id for m in sink.caught()]
    copies = len(caught) - len(set(caught))
    print(f"killed after {at_kill}/{COUNT} mails; {copies} re-sent copy after the restart")
    assert set(caught) == expected, log.read_text()[-2000:]
    assert copies <= 1, f"{copies} mails re-sent after the crash (at most the one in flight)"
