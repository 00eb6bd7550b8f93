"""Contract scenarios of `run_batch` (issue 10, batched idempotent consumers) that
`FakeUnitOfWork` and the MongoDB `UnitOfWork` must both pass (shared/tests/test_port_contracts.py
runs them with the other port scenarios of `imi_testkit.contracts`).
"""

from __future__ import annotations

from imi_shared.batching import BatchFlushFailed, BatchItem, BatchItemFailed

from .contracts import Backend, _envelope


def _appender(value: int, *, emit: bool = True, fail: bool = False):
    """A work appending `value` to the `log` document (read-modify-write, so it sees the
    batch-mates before it) and emitting one event."""

    async def work(tx):
        docs = tx.documents("log")
        current = await docs.get("log")
        if fail:
            raise ValueError(f"refused {value}")
        if current is None:
            await docs.insert({"_id": "log", "version": 1, "values": [value]})
        else:
            updated = {**current, "values": [*current["values"], value]}
            updated["version"] = current["version"] + 1
            assert await docs.replace(updated, expected_version=current["version"])
        if emit:
            tx.emit(_envelope(f"out-{value}"), "contract.topic")
        return value

    return work


async def _values(b: Backend) -> list[int]:
    async def read(tx):
        return await tx.documents("log").get("log")

    found = (await b.uow.run(read)).value
    return found["values"] if found else []


async def batch_applies_in_order_once(b: Backend) -> None:
    events = [_envelope(f"e{i}") for i in range(3)]
    items = [BatchItem(e, _appender(i)) for i, e in enumerate(events)]
    first = await b.uow.run_batch(items, consumer="contract")
    assert [(o.value, o.duplicate) for o in first] == [(0, False), (1, False), (2, False)]
    again = await b.uow.run_batch(items, consumer="contract")  # the batch redelivered
    assert [o.duplicate for o in again] == [True, True, True]
    assert await _values(b) == [0, 1, 2]
    assert await b.outbox_types() == ["thing.happened"] * 3
    # a batch's markers are the single path's: a redelivery one by one is a duplicate too
    alone = await b.uow.run(_appender(9), consumed=events[1], consumer="contract")
    assert alone.duplicate


async def batch_skips_processed_and_repeated_events(b: Backend) -> None:
    e1, e2, e3 = (_envelope(f"e{i}") for i in range(3))
    await b.uow.run(_appender(1), consumed=e1, consumer="contract")
    items = [
        BatchItem(e1, _appender(10)),  # processed before
        BatchItem(e2, _appender(2)),
        BatchItem(e2, _appender(20)),  # the same event twice in one batch
        BatchItem(e3, _appender(3)),
    ]
    outcomes = await b.uow.run_batch(items, consumer="contract")
    assert [o.duplicate for o in outcomes] == [True, False, True, False]
    assert await _values(b) == [1, 2, 3]
    # another consumer of the same events is another effect
    other = await b.uow.run_batch(items[:1], consumer="other")
    assert not other[0].duplicate


async def batch_with_a_failing_work_writes_nothing(b: Backend) -> None:
    e1, bad, e3 = (_envelope(f"e{i}") for i in range(3))
    items = [BatchItem(e1, _appender(1)), BatchItem(bad, _appender(2, fail=True))]
    items.append(BatchItem(e3, _appender(3)))
    try:
        await b.uow.run_batch(items, consumer="contract")
    except BatchItemFailed as failed:
        assert failed.index == 1
        assert isinstance(failed.cause, ValueError)
    else:
        raise AssertionError("the failing work was swallowed")
    assert await _values(b) == []
    assert await b.outbox_types() == []
    # nothing was marked processed: the batch without the failing event applies whole
    outcomes = await b.uow.run_batch([items[0], items[2]], consumer="contract")
    assert [o.duplicate for o in outcomes] == [False, False]
    assert await _values(b) == [1, 3]
    assert await b.outbox_types() == ["thing.happened"] * 2


class _BufferedLog:
    """A write-behind over the `log` document: read once, written once at the flush."""

    def __init__(self, tx, flushes: list[list[int]], *, fail: bool = False) -> None:
        self.docs = tx.documents("log")
        self.flushes = flushes  # what each flush wrote
        self.batch_events = tx.batch_events
        self.fail = fail
        self.current: dict | None = None
        self.loaded = False

    async def append(self, value: int) -> None:
        if not self.loaded:
            self.current, self.loaded = await self.docs.get("log"), True
        values = [*(self.current or {}).get("values", []), value]
        self.current = {
            "_id": "log",
            "version": (self.current or {}).get("version", 0),
            **{"values": values},
        }

    async def flush(self) -> None:
        if self.current is None:
            return
        if self.fail:
            raise ValueError("the bulk write is refused")
        self.flushes.append(list(self.current["values"]))
        version = self.current["version"]
        doc = {**self.current, "version": version + 1}
        if version == 0:
            await self.docs.insert(doc)
        else:
            assert await self.docs.replace(doc, expected_version=version)


def _buffered(value: int, flushes: list, *, fail_flush: bool = False, seen: list | None = None):
    async def work(tx):
        log = tx.write_behind("log", lambda t: _BufferedLog(t, flushes, fail=fail_flush))
        if seen is not None:
            seen.append(log.batch_events)
        await log.append(value)
        tx.emit(_envelope(f"out-{value}"), "contract.topic")
        return value

    return work


async def batch_write_behind_is_flushed_once_after_the_works(b: Backend) -> None:
    """Issue 10: the works of a batch share one write-behind helper (they see each other's
    changes), which gets the batch's events for a bulk read and is flushed ONCE, before the
    commit; a repeated event is not offered to it; the single path flushes it too."""
    flushes: list[list[int]] = []
    events = [_envelope(f"e{i}") for i in range(3)]
    seen: list = []
    items = [
        BatchItem(e, _buffered(i, flushes, seen=seen), event=f"ev{i}") for i, e in enumerate(events)
    ]
    items.append(BatchItem(events[0], _buffered(99, flushes), event="repeat"))
    outcomes = await b.uow.run_batch(items, consumer="contract")
    assert [o.duplicate for o in outcomes] == [False, False, False, True]
    assert seen == [("ev0", "ev1", "ev2")] * 3
    assert flushes == [[0, 1, 2]]
    assert await _values(b) == [0, 1, 2]
    assert await b.outbox_types() == ["thing.happened"] * 3
    alone = await b.uow.run(_buffered(7, flushes), consumed=_envelope("e7"), consumer="contract")
    assert not alone.duplicate
    assert flushes == [[0, 1, 2], [0, 1, 2, 7]]
    assert await _values(b) == [0, 1, 2, 7]


async def batch_with_a_failing_flush_writes_nothing(b: Backend) -> None:
    """A flush refused (not a conflict) aborts the batch as `BatchFlushFailed`: no effect,
    no outbox row, no processed id, so the events can be applied again one at a time."""
    events = [_envelope(f"e{i}") for i in range(2)]
    flushes: list[list[int]] = []
    items = [BatchItem(e, _buffered(i, flushes, fail_flush=True)) for i, e in enumerate(events)]
    try:
        await b.uow.run_batch(items, consumer="contract")
    except BatchFlushFailed as failed:
        assert isinstance(failed.cause, ValueError)
    else:
        raise AssertionError("the failing flush was swallowed")
    assert await _values(b) == []
    assert await b.outbox_types() == []
    again = [BatchItem(e, _buffered(i, flushes)) for i, e in enumerate(events)]
    outcomes = await b.uow.run_batch(again, consumer="contract")
    assert [o.duplicate for o in outcomes] == [False, False]
    assert await _values(b) == [0, 1]


BATCH_SCENARIOS = [
    batch_applies_in_order_once,
    batch_skips_processed_and_repeated_events,
    batch_with_a_failing_work_writes_nothing,
    batch_write_behind_is_flushed_once_after_the_works,
    batch_with_a_failing_flush_writes_nothing,
]
