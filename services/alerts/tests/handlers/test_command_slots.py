"""Issue 10: a process runs at most `command_concurrency` origin commands in open transactions
at once; the others wait for a slot BEFORE their transaction opens (an overloaded database
slows down with every open transaction: a 16-broadcast storm ran 1.9 broadcasts/s unbounded,
7.0 with 4 slots, in one measurement)."""

from __future__ import annotations

import asyncio

from imi_alerts.handlers import drafting
from imi_alerts.handlers.context import AlertsContext
from imi_alerts.settings import AlertsSettings
from imi_testkit import FakeUnitOfWork


class OverlapCountingUnitOfWork(FakeUnitOfWork):
    """The fake unit of work, counting the transactions open at once (each stays open across
    a few event-loop turns, so unbounded commands would overlap)."""

    def __init__(self) -> None:
        super().__init__()
        self.open = 0
        self.most_open = 0

    async def run(self, work, *, consumed=None, consumer=None):
        self.open += 1
        self.most_open = max(self.most_open, self.open)
        try:
            for _ in range(3):
                await asyncio.sleep(0)
            return await super().run(work, consumed=consumed, consumer=consumer)
        finally:
            self.open -= 1


async def submit_all(handlers, slots: int) -> int:
    uow = OverlapCountingUnitOfWork()
    uow.collections.update(handlers.uow.collections)
    handlers.uow = uow
    handlers.ctx = AlertsContext(
        AlertsSettings(command_concurrency=slots), uow, handlers.ctx.sealer, handlers.clock
    )
    ids = [await handlers.drafted(f"FR-2026-{n:04d}") for n in range(1, 7)]
    uow.most_open = 0
    handler = handlers.user("FR-A", "handler")
    done = await asyncio.gather(*(drafting.submit(handlers.ctx, handler, a) for a in ids))
    assert [a.status.value for a in done] == ["submitted_for_broadcast"] * 6
    return uow.most_open


async def test_issue_10_origin_commands_wait_for_a_transaction_slot(handlers):
    assert await submit_all(handlers, 2) == 2


async def test_issue_10_the_slots_let_commands_run_side_by_side(handlers):
    assert AlertsSettings().command_concurrency == 4
    assert await submit_all(handlers, 4) == 4
