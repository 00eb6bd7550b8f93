"""The retention lock job in a process of its own, for the SIGKILL test (test_sigkill.py).

    python lock_victim_process.py MONGO_URI DB READY_FILE

It runs the lock job's handler once on the real database and, for the first record it decided
to lock (due, found by the query), writes READY_FILE and never goes on: "lock decided", not
yet applied. The test SIGKILLs it there. No transaction is open at that point.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from imi_retention.context import RetentionContext
from imi_retention.handlers.locking import lock_due_cases
from imi_retention.settings import RetentionSettings
from imi_shared.clock import now_utc, system_clock
from imi_shared.mongo import UnitOfWork, make_client


async def main(mongo_uri: str, db: str, ready: str) -> None:
    settings = RetentionSettings(mongo_uri=mongo_uri, db_name=db)
    ctx = RetentionContext(settings, UnitOfWork(make_client(mongo_uri), db), system_clock)

    async def hang(record) -> None:
        Path(ready).write_text(record.record_id)
        await asyncio.Event().wait()  # SIGKILLed here

    await lock_due_cases(ctx, now_utc(system_clock), on_decided=hang)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
