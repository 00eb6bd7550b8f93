"""Issue 15: retention SIGKILLed between "lock decided" and "lock applied" loses nothing. A real
process runs the lock job on the real database and is killed after it chose a due record and
before it wrote anything; the next run locks that record and queues `case.locked` once. Same
for a deletion killed after the key was shredded and before the record was marked: the next
run completes it and publishes `case.pd_deleted` once (RET-013)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from imi_retention.adapters.keys import mongo_shredder
from imi_retention.context import RetentionContext
from imi_retention.domain import starts
from imi_retention.handlers.locking import delete_due_cases, lock_due_cases
from imi_retention.report_cli import produce
from imi_retention.settings import RetentionSettings
from imi_shared.keys.local import LocalKeyEncryptionKeys
from imi_shared.mongo import UnitOfWork
from imi_shared.sealing import KeyShredded, MongoKeyStore, Sealer
from imi_testkit import FakeClock
from imi_testkit.outbox import outbox_events

PROCESS = Path(__file__).with_name("lock_victim_process.py")
CLOSED = datetime(2025, 1, 15, 14, 30, tzinfo=UTC)


async def _ready(path: Path, process: subprocess.Popen, timeout: float = 60) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not path.exists():
        assert process.poll() is None, "the victim died by itself"
        assert loop.time() < deadline, "the victim never decided a lock"
        await asyncio.sleep(0.05)


def _victim(infra, db_name: str, ready: Path, mode: str, env: dict | None = None):
    env = {**os.environ, **(env or {}), "PYTHONPATH": os.pathsep.join(sys.path)}
    args = [sys.executable, str(PROCESS), infra.mongo_uri, db_name, str(ready), mode]
    return subprocess.Popen(args, env=env)


async def _kill_when_ready(victim: subprocess.Popen, ready: Path) -> None:
    try:
        await _ready(ready, victim)
    finally:
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)


async def test_ret_013_sigkill_between_shred_and_deletion_recorded_loses_nothing(
    infra, mongo_client, db_name, tmp_path
):
    kek = LocalKeyEncryptionKeys.generate()
    settings = RetentionSettings(
        mongo_uri=infra.mongo_uri, db_name=db_name, keys_db_name=f"{db_name}_keys", kek=kek.dump()
    )
    uow = UnitOfWork(mongo_client, db_name)
    ctx = RetentionContext(settings, uow, FakeClock(datetime(2025, 2, 1, tzinfo=UTC)))
    ctx.shredder = mongo_shredder(mongo_client, settings)
    keys = Sealer(MongoKeyStore(mongo_client[settings.keys_db_name], kek), cache_ttl=0)
    sealed = await keys.seal("R-DEL", {"subject": "Jean Dupont"})
    record = starts.request_closed(
        "R-DEL",
        la_code="services",
        member_state="FR",
        authority_id="FR-A",
        authority_ids=["FR-A"],
        closed_at=CLOSED.replace(year=2022),
        periods=ctx.periods,
    )
    record.locked = True  # deleted on 2025-01-15: due for the victim's (system) clock
    await ctx.runner().create(lambda step: (record, []))
    ready = tmp_path / "ready"
    env = {"IMI_KEYS_DB_NAME": settings.keys_db_name, "IMI_KEK": kek.dump()}
    await _kill_when_ready(_victim(infra, db_name, ready, "delete", env), ready)
    assert ready.read_text() == "R-DEL"  # the key was shredded ...
    with pytest.raises(KeyShredded):
        await keys.unseal(sealed)
    db = mongo_client[db_name]
    assert (await db.retention_records.find_one({"_id": "request:R-DEL"}))["pd_deleted"] is False
    assert await db.outbox.count_documents({}) == 0  # ... the deletion not yet recorded
    assert await delete_due_cases(ctx, ctx.clock.now) == 1  # the next run completes it
    assert await delete_due_cases(ctx, ctx.clock.now) == 0
    rows = await outbox_events(db)
    assert [r["envelope"]["event_type"] for r in rows] == ["case.pd_deleted"]
    assert (await db.retention_records.find_one({"_id": "request:R-DEL"}))["pd_deleted"] is True


async def test_ret_012_sigkill_between_lock_decided_and_applied_loses_nothing(
    infra, mongo_client, db_name, tmp_path
):
    uow = UnitOfWork(mongo_client, db_name)
    ctx = RetentionContext(
        RetentionSettings(mongo_uri=infra.mongo_uri, db_name=db_name),
        uow,
        FakeClock(datetime(2025, 8, 1, tzinfo=UTC)),
    )
    record = starts.request_closed(
        "R-KILL",
        la_code="services",
        member_state="FR",
        authority_id="FR-A",
        authority_ids=["FR-A"],
        closed_at=CLOSED,
        periods=ctx.periods,
    )
    await ctx.runner().create(lambda step: (record, []))
    ready = tmp_path / "ready"
    await _kill_when_ready(_victim(infra, db_name, ready, "lock"), ready)
    assert ready.read_text() == "request:R-KILL"  # it had decided this lock
    db = mongo_client[db_name]
    stored = await db.retention_records.find_one({"_id": "request:R-KILL"})
    assert stored["locked"] is False  # not applied
    assert await db.outbox.count_documents({}) == 0
    assert await lock_due_cases(ctx, ctx.clock.now) == 1  # the next run applies it
    assert await lock_due_cases(ctx, ctx.clock.now) == 0  # and only once
    stored = await db.retention_records.find_one({"_id": "request:R-KILL"})
    rows = await outbox_events(db)
    assert stored["locked"] is True
    assert [r["envelope"]["event_type"] for r in rows] == ["case.locked"]
    # the report command reads the same database: the lock, once, under RET-001
    out = await produce(
        ctx.settings, datetime(2025, 7, 1, tzinfo=UTC), datetime(2025, 9, 1, tzinfo=UTC)
    )
    assert (out["json"]["totals"], out["json"]["by_service"]) == (
        {"locked": 1},
        {"requests": {"locked": 1}},
    )
    assert out["pdf"].startswith(b"%PDF")
