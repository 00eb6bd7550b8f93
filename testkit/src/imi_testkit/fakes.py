"""In-memory fakes of the kernel's ports, for handler tests that run in milliseconds.

`FakeUnitOfWork` has the real unit of work's `run(work, consumed=, consumer=)`: the work gets
a `FakeTransaction` whose `documents(name)` and `emit(...)` behave like the MongoDB ones; a
failing work leaves no trace (the state is restored), a redelivered event is a duplicate, and
the events of committed work land in `outbox` in order. `imi_testkit.contracts` holds the
contract tests both the fakes and the MongoDB adapters pass.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from imi_shared.batching import (
    BatchFlushFailed,
    BatchItem,
    BatchItemFailed,
    WriteBehind,
    WriteBehindScope,
    first_occurrences,
    marker_id,
)
from imi_shared.documents import Document, DuplicateDocument, Filter, Sort
from imi_shared.envelope import Envelope
from imi_shared.mongo import Outcome
from imi_shared.outbox.store import PendingEvent

from .matching import matches, value_at

T = TypeVar("T")


class InMemoryDocuments:
    """`imi_shared.documents.Documents` over a dict (one collection of a `FakeDatabase`)."""

    def __init__(self, rows: dict[str, Document]) -> None:
        self.rows = rows

    async def get(self, doc_id: str) -> Document | None:
        found = self.rows.get(doc_id)
        return copy.deepcopy(found) if found is not None else None

    async def insert(self, document: Document) -> None:
        if document["_id"] in self.rows:
            raise DuplicateDocument(str(document["_id"]))
        self.rows[document["_id"]] = copy.deepcopy(document)

    async def replace(self, document: Document, *, expected_version: int) -> bool:
        current = self.rows.get(document["_id"])
        if current is None or current.get("version") != expected_version:
            return False
        self.rows[document["_id"]] = copy.deepcopy(document)
        return True

    async def delete(self, doc_id: str, *, expected_version: int) -> bool:
        current = self.rows.get(doc_id)
        if current is None or current.get("version") != expected_version:
            return False
        del self.rows[doc_id]
        return True

    async def find(self, where: Filter, *, sort: Sort = (), limit: int = 0) -> list[Document]:
        found = [copy.deepcopy(d) for d in self.rows.values() if matches(d, where)]
        for path, direction in reversed(list(sort)):
            found.sort(key=lambda d, p=path: _sortable(value_at(d, p)), reverse=direction < 0)
        return found[:limit] if limit else found


def _sortable(value: Any) -> tuple:
    return (0, "") if value is None or not isinstance(value, (int, float, str)) else (1, value)


@dataclass
class FakeTransaction(WriteBehindScope):
    collections: dict[str, dict[str, Document]]
    emitted: list[PendingEvent] = field(default_factory=list)
    batch_events: tuple[Any, ...] = ()
    write_behinds: dict[str, WriteBehind] = field(default_factory=dict)

    def documents(self, collection: str) -> InMemoryDocuments:
        return InMemoryDocuments(self.collections.setdefault(collection, {}))

    def emit(
        self,
        envelope: Envelope,
        topic: str,
        *,
        key: str | None = None,
        partition: int | None = None,
    ) -> None:
        self.emitted.append(PendingEvent.of(envelope, topic, key=key, partition=partition))


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.collections: dict[str, dict[str, Document]] = {}
        self.outbox: list[PendingEvent] = []
        self.processed: set[str] = set()
        self.commits = 0

    async def run(
        self,
        work: Callable[[Any], Awaitable[T]],
        *,
        consumed: Envelope | None = None,
        consumer: str | None = None,
    ) -> Outcome[T]:
        if consumed is not None and not consumer:
            raise ValueError("an idempotent consumer needs a consumer name")
        marker = f"{consumer}:{consumed.event_id}" if consumed is not None else None
        if marker is not None and marker in self.processed:
            return Outcome(None, duplicate=True)
        snapshot = copy.deepcopy(self.collections)
        tx = FakeTransaction(self.collections)
        try:
            value = await work(tx)
            await tx.flush_write_behinds()
        except BaseException:
            self.collections.clear()
            self.collections.update(snapshot)
            raise
        if marker is not None:
            self.processed.add(marker)
        self.outbox.extend(tx.emitted)
        self.commits += 1
        return Outcome(value)

    async def run_batch(self, items: list[BatchItem], *, consumer: str) -> list[Outcome]:
        """`UnitOfWork.run_batch`: the whole batch or nothing; processed and repeated events
        skipped; a failing work restores the state and raises `BatchItemFailed(index)`."""
        if not consumer:
            raise ValueError("an idempotent consumer needs a consumer name")
        snapshot = copy.deepcopy(self.collections)
        runs = first_occurrences(consumer, items, self.processed)
        events = tuple(item.event for item, run in zip(items, runs, strict=True) if run)
        tx = FakeTransaction(self.collections, batch_events=events)
        outcomes: list[Outcome] = []
        for index, (item, run) in enumerate(zip(items, runs, strict=True)):
            if not run:
                outcomes.append(Outcome(None, duplicate=True))
                continue
            try:
                outcomes.append(Outcome(await item.work(tx)))
            except Exception as exc:
                self.collections.clear()
                self.collections.update(snapshot)
                raise BatchItemFailed(index, exc) from exc
        try:
            await tx.flush_write_behinds()
        except Exception as exc:
            self.collections.clear()
            self.collections.update(snapshot)
            raise BatchFlushFailed(exc) from exc
        self.processed.update(
            marker_id(consumer, item.consumed) for item, run in zip(items, runs, strict=True) if run
        )
        self.outbox.extend(tx.emitted)
        self.commits += 1
        return outcomes

    def published(self, event_type: str | None = None) -> list[Envelope]:
        """The envelopes committed to the outbox (of one type, if given), in order."""
        return [
            p.envelope
            for p in self.outbox
            if event_type is None or p.envelope.event_type == event_type
        ]
