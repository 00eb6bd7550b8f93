"""Batched idempotent consumption (issue 10): the policy and what a unit of work's
`run_batch` takes and raises, shared by the MongoDB unit of work and its in-memory fake.

A batch is a sequence of consumed events, each with the work it triggers, applied in ONE
transaction: one bulk lookup of their processed-event ids, the works of the events not yet
processed run in the batch's order (a partition's order, so per key), one bulk insert of the
new ids, the outbox rows, commit. An event id met twice in the batch, or already processed,
is skipped. A work that raises aborts the whole transaction (nothing of the batch is written)
and is reported as `BatchItemFailed(index)`, so the consumer can set that event aside alone
and apply its batch-mates without it.

Bulk writes across a batch's works (issue 10): a work may keep its documents in a write-behind
helper of the transaction (`Transaction.write_behind(key, factory)`: one per transaction, shared
by the works of the batch; the works see each other's changes through it, so per-key order
holds), which reads them in bulk (`Transaction.batch_events`: the events of the batch) and
writes them in one bulk command when the works are done, before the processed ids and the
outbox rows (`flush()`). A flush that fails for another reason than a conflict aborts the batch
as `BatchFlushFailed`: the consumer then applies its events one at a time (each flushing its
own write-behind), so a refused write is dead-lettered alone.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from .envelope import Envelope

W = TypeVar("W", bound="WriteBehind")


@dataclass(frozen=True)
class BatchPolicy:
    """How many messages a subscriber takes at once from its partitions, and how long it
    waits to fill a batch (a partly filled batch is taken when the wait is over)."""

    max_records: int = 100
    max_wait_ms: int = 20

    def __post_init__(self) -> None:
        if self.max_records < 1 or self.max_wait_ms < 0:
            raise ValueError("a batch holds at least one record and waits a non-negative time")


@dataclass(frozen=True)
class BatchItem:
    """One consumed event and the work it triggers inside the batch's transaction."""

    consumed: Envelope
    work: Callable[[Any], Awaitable[Any]]
    event: Any = None  # the decoded event, offered to write-behind helpers for a bulk read


class WriteBehind(Protocol):
    """A transaction's helper holding writes until the transaction's works are done."""

    async def flush(self) -> None: ...


class WriteBehindScope:
    """What `Transaction` and the fake's transaction share: the events of the batch their
    works run for, and the write-behind helpers created in them, flushed in creation order."""

    batch_events: tuple[Any, ...]
    write_behinds: dict[str, WriteBehind]

    def write_behind(self, key: str, factory: Callable[[Any], W]) -> W:
        """The helper `key` of this transaction, made by `factory(tx)` at the first call."""
        if key not in self.write_behinds:
            self.write_behinds[key] = factory(self)
        return self.write_behinds[key]  # type: ignore[return-value]

    async def flush_write_behinds(self) -> None:
        for helper in self.write_behinds.values():
            await helper.flush()


class BatchItemFailed(Exception):
    """The work of `items[index]` raised `cause`; the batch's transaction was aborted."""

    def __init__(self, index: int, cause: BaseException) -> None:
        super().__init__(f"batch item {index} failed: {type(cause).__name__}: {cause}")
        self.index = index
        self.cause = cause


class BatchFlushFailed(Exception):
    """A write-behind's flush raised `cause` (not a conflict): the batch's transaction was
    aborted; its events are to be applied one at a time."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(f"batch flush failed: {type(cause).__name__}: {cause}")
        self.cause = cause


def marker_id(consumer: str, envelope: Envelope) -> str:
    """The processed-event id of `envelope` for `consumer` (`processed_events._id`)."""
    return f"{consumer}:{envelope.event_id}"


def first_occurrences(consumer: str, items: list[BatchItem], done: set[str]) -> list[bool]:
    """Per item: whether its work runs (not processed before, not met earlier in the batch)."""
    seen = set(done)
    runs = []
    for item in items:
        marker = marker_id(consumer, item.consumed)
        runs.append(marker not in seen)
        seen.add(marker)
    return runs
