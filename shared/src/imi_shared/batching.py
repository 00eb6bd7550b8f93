"""Batched idempotent consumption (issue 10): the policy and what a unit of work's
`run_batch` takes and raises, shared by the MongoDB unit of work and its in-memory fake.

A batch is a sequence of consumed events, each with the work it triggers, applied in ONE
transaction: one bulk lookup of their processed-event ids, the works of the events not yet
processed run in the batch's order (a partition's order, so per key), one bulk insert of the
new ids, the outbox rows, commit. An event id met twice in the batch, or already processed,
is skipped. A work that raises aborts the whole transaction (nothing of the batch is written)
and is reported as `BatchItemFailed(index)`, so the consumer can set that event aside alone
and apply its batch-mates without it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from .envelope import Envelope


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


class BatchItemFailed(Exception):
    """The work of `items[index]` raised `cause`; the batch's transaction was aborted."""

    def __init__(self, index: int, cause: BaseException) -> None:
        super().__init__(f"batch item {index} failed: {type(cause).__name__}: {cause}")
        self.index = index
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
