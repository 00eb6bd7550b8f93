"""The retention lock job in a process of its own, for the SIGKILL test (test_sigkill.py).

    python lock_victim_process.py MONGO_URI DB READY_FILE [lock|delete]

`lock`: it runs the lock job's handler once on the real database and, for the first record it
decided to lock (due, found by the query), writes READY_FILE and never goes on: "lock decided",
not yet applied. `delete`: the deletion job's handler, which hangs right after it shredded the
record's key in the MongoDB key store (IMI_KEYS_DB_NAME, IMI_KEK from the environment), before
it marks the record. The test SIGKILLs it there. No transaction is open at either point.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from imi_retention.adapters.keys import mongo_shredder
from imi_retention.context import RetentionContext
from imi_retention.handlers.locking import delete_due_cases, lock_due_cases
from imi_retention.settings import RetentionSettings
from imi_shared.clock import now_utc, system_clock
from imi_shared.mongo import UnitOfWork, make_client


class HangAfterShred:
    def __init__(self, shredder, ready: str) -> None:
        self.shredder, self.ready = shredder, ready

    async def shred(self, key_id: str) -> bool:
        await self.shredder.shred(key_id)
        Path(self.ready).write_text(key_id)
        await asyncio.Event().wait()  # SIGKILLed here: shredded, not yet recorded
        return True


async def main(mongo_uri: str, db: str, ready: str, mode: str = "lock") -> None:
    settings = RetentionSettings(mongo_uri=mongo_uri, db_name=db)
    client = make_client(mongo_uri)
    ctx = RetentionContext(settings, UnitOfWork(client, db), system_clock)

    async def hang(record) -> None:
        Path(ready).write_text(record.record_id)
        await asyncio.Event().wait()  # SIGKILLed here

    if mode == "delete":
        ctx.shredder = HangAfterShred(mongo_shredder(client, settings), ready)
        await delete_due_cases(ctx, now_utc(system_clock))
    else:
        await lock_due_cases(ctx, now_utc(system_clock), on_decided=hang)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
