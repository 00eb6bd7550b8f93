"""X-024 / REQ-106 on the real MongoDB server: the service's reference numbers come from one
atomic increment outside the saving transaction, so concurrent creates get distinct numbers
without conflicting (and a transaction that aborts afterwards cannot take a number back)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from imi_requests.adapters.request_numbers import AtomicNumbers

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def test_x_024_concurrent_numbers_are_distinct_and_counted_per_state_and_year(
    mongo_client, db_name
):
    numbers = AtomicNumbers(mongo_client[db_name])
    given = await asyncio.gather(*(numbers.next(None, "FR", NOW) for _ in range(20)))
    assert sorted(given) == [f"REQ-FR-2026-{n:06d}" for n in range(1, 21)]  # none twice
    assert await numbers.next(None, "DE", NOW) == "REQ-DE-2026-000001"
    assert await numbers.next(None, "FR", datetime(2027, 1, 1, tzinfo=UTC)) == (
        "REQ-FR-2027-000001"
    )


async def test_x_024_an_aborted_save_leaves_a_gap_never_a_duplicate(uow, mongo_client, db_name):
    numbers = AtomicNumbers(mongo_client[db_name])

    async def fails(tx):
        await numbers.next(tx, "FR", NOW)
        raise RuntimeError("the save fails after numbering")

    with pytest.raises(RuntimeError):
        await uow.run(fails)
    assert await numbers.next(None, "FR", NOW) == "REQ-FR-2026-000002"
