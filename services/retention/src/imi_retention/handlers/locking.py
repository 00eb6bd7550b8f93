"""The lock job (RET-012): every record whose lock date passed is locked, `case.locked` out."""

from __future__ import annotations

from datetime import datetime

from imi_shared.errors import Conflict

from ..adapters.record_repository import RecordRepository
from ..context import RetentionContext
from ..domain.schedule import lock


async def lock_due_cases(ctx: RetentionContext, now: datetime) -> int:
    """Lock what is due at `now` (the job's clock); the number locked."""
    outcome = await ctx.uow.run(lambda tx: RecordRepository(tx).due_for_lock(now))
    locked = 0
    for record in outcome.value or []:
        try:
            await ctx.runner().change(record.record_id, lambda r, step: lock(r, now))
        except Conflict:  # locked meanwhile by another run: nothing left to do
            continue
        locked += 1
    return locked
