"""MongoDB access shared by every service: client factory and the unit of work.

A unit of work is one MongoDB transaction holding a handler's state changes, the events it
emits (written to the transactional outbox) and, when the handler consumes an event, the
processed-event marker that makes the consumer idempotent (unique `_id`).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from pymongo import AsyncMongoClient
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError, PyMongoError

from .batching import (
    BatchFlushFailed,
    BatchItem,
    BatchItemFailed,
    WriteBehind,
    WriteBehindScope,
    first_occurrences,
    marker_id,
)
from .documents import MongoDocuments
from .envelope import Envelope
from .outbox.store import OutboxStore, PendingEvent

log = logging.getLogger(__name__)

T = TypeVar("T")
PROCESSED = "processed_events"
MAX_TX_ATTEMPTS = 20
WRITE_CONFLICT = 112


def is_transient(exc: BaseException) -> bool:
    """A conflict or an unknown commit result: retrying the whole transaction is the remedy
    (MongoDB labels them; code 112 is WriteConflict, whichever server raised it)."""
    if not isinstance(exc, PyMongoError):
        return False
    return (
        exc.has_error_label("TransientTransactionError")
        or exc.has_error_label("UnknownTransactionCommitResult")
        or getattr(exc, "code", None) == WRITE_CONFLICT
    )


def make_client(uri: str, **kwargs: Any) -> AsyncMongoClient:
    return AsyncMongoClient(uri, tz_aware=True, uuidRepresentation="standard", **kwargs)


@dataclass
class Transaction(WriteBehindScope):
    """What a handler sees inside a unit of work (write-behind helpers: `imi_shared.batching`)."""

    db: AsyncDatabase
    session: AsyncClientSession
    emitted: list[PendingEvent] = field(default_factory=list)
    batch_events: tuple[Any, ...] = ()
    write_behinds: dict[str, WriteBehind] = field(default_factory=dict)
    # {"type:id": version written}: the outbox numbers those aggregates' rows by it
    outbox_numbers: dict[str, int] = field(default_factory=dict)

    def emit(
        self,
        envelope: Envelope,
        topic: str,
        *,
        key: str | None = None,
        partition: int | None = None,
    ) -> None:
        """Queue an event for the outbox; it is written when the transaction commits.

        `key` defaults to the envelope's member state; `partition` to that participant's index.
        """
        self.emitted.append(PendingEvent.of(envelope, topic, key=key, partition=partition))

    def number_outbox_rows(self, aggregate: str, version: int) -> None:
        """The aggregate (`type:id`) was written at `version` in this transaction: its outbox
        row is numbered by that version, without the counter (`OutboxStore.append`)."""
        self.outbox_numbers[aggregate] = version

    def documents(self, collection: str) -> MongoDocuments:
        """The `Documents` port over one collection, inside this transaction."""
        return MongoDocuments(self.db[collection], self.session)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    value: T | None
    duplicate: bool = False


class UnitOfWork:
    """Runs handler work in one transaction with outbox and idempotency (X-029's plumbing)."""

    def __init__(self, client: AsyncMongoClient, db_name: str) -> None:
        self.client = client
        self.db = client[db_name]
        self.outbox = OutboxStore(self.db)
        # set when a transaction that wrote outbox rows has committed: the relay of this
        # process (OutboxRelay(wakeup=...)) publishes at once instead of at its next poll
        self.outbox_written = asyncio.Event()

    async def ensure_indexes(self) -> None:
        await self.outbox.ensure_indexes()

    async def run(
        self,
        work: Callable[[Transaction], Awaitable[T]],
        *,
        consumed: Envelope | None = None,
        consumer: str | None = None,
    ) -> Outcome[T]:
        """Run `work` in a transaction, retrying transient conflicts.

        With `consumed` (and a `consumer` name) the event id is recorded in the same transaction;
        a redelivered event returns `Outcome(None, duplicate=True)` and has no second effect.
        """
        if consumed is not None and not consumer:
            raise ValueError("an idempotent consumer needs a consumer name")
        for attempt in range(1, MAX_TX_ATTEMPTS + 1):
            async with self.client.start_session() as session:
                try:
                    return await self._attempt(session, work, consumed, consumer)
                except PyMongoError as exc:
                    if not is_transient(exc) or attempt == MAX_TX_ATTEMPTS:
                        raise
                    # growing, jittered back-off: a conflicting transaction may be a long one
                    # (a fan-out writes 31 outbox events); 20 attempts wait about 8 s in all
                    await asyncio.sleep(min(0.005 * 2**attempt, 0.5) * random.uniform(0.5, 1))
        raise AssertionError("unreachable")

    async def run_batch(self, items: list[BatchItem], *, consumer: str) -> list[Outcome]:
        """Apply a batch of consumed events in ONE transaction (`imi_shared.batching`): one
        bulk lookup and one bulk insert of processed-event ids; the works run in order, the
        events already processed or repeated in the batch are skipped (`duplicate`). A work
        that raises aborts everything and raises `BatchItemFailed(index)`, a write-behind
        whose flush raises `BatchFlushFailed`; transient conflicts retry the whole batch."""
        if not consumer:
            raise ValueError("an idempotent consumer needs a consumer name")
        for attempt in range(1, MAX_TX_ATTEMPTS + 1):
            async with self.client.start_session() as session:
                try:
                    return await self._attempt_batch(session, items, consumer)
                except PyMongoError as exc:  # BulkWriteError: an id inserted since the lookup
                    retry = is_transient(exc) or isinstance(exc, BulkWriteError)
                    if not retry or attempt == MAX_TX_ATTEMPTS:
                        raise
                    await asyncio.sleep(min(0.005 * 2**attempt, 0.5) * random.uniform(0.5, 1))
        raise AssertionError("unreachable")

    async def _attempt_batch(self, session, items: list[BatchItem], consumer: str) -> list:
        markers = [marker_id(consumer, item.consumed) for item in items]
        outcomes: list[Outcome] = []
        async with await session.start_transaction():
            done = {
                d["_id"]
                async for d in self.db[PROCESSED].find(
                    {"_id": {"$in": markers}}, {"_id": 1}, session=session
                )
            }
            runs = first_occurrences(consumer, items, done)
            tx = Transaction(
                self.db,
                session,
                batch_events=tuple(i.event for i, r in zip(items, runs, strict=True) if r),
            )
            new: list[dict[str, Any]] = []
            now = datetime.now(UTC)
            for index, (item, run) in enumerate(zip(items, runs, strict=True)):
                if not run:
                    outcomes.append(Outcome(None, duplicate=True))
                    continue
                try:
                    outcomes.append(Outcome(await item.work(tx)))
                except Exception as exc:
                    if is_transient(exc):
                        raise  # retried whole, like any conflict
                    raise BatchItemFailed(index, exc) from exc
                new.append(
                    {
                        "_id": markers[index],
                        "consumer": consumer,
                        "event_type": item.consumed.event_type,
                        "at": now,
                    }
                )
            try:
                await tx.flush_write_behinds()
            except Exception as exc:
                if is_transient(exc):
                    raise
                raise BatchFlushFailed(exc) from exc
            if new:
                await self.db[PROCESSED].insert_many(new, ordered=True, session=session)
            if tx.emitted:
                await self.outbox.append(tx.emitted, session, tx.outbox_numbers)
        if tx.emitted:
            self.outbox_written.set()
        return outcomes

    async def _attempt(self, session, work, consumed, consumer) -> Outcome:
        async with await session.start_transaction():
            if consumed is not None:
                try:
                    await self.db[PROCESSED].insert_one(
                        {
                            "_id": f"{consumer}:{consumed.event_id}",
                            "consumer": consumer,
                            "event_type": consumed.event_type,
                            "at": datetime.now(UTC),
                        },
                        session=session,
                    )
                except DuplicateKeyError:
                    await session.abort_transaction()
                    return Outcome(None, duplicate=True)
            tx = Transaction(self.db, session)
            value = await work(tx)
            await tx.flush_write_behinds()
            if tx.emitted:
                await self.outbox.append(tx.emitted, session, tx.outbox_numbers)
        if tx.emitted:
            self.outbox_written.set()
        return Outcome(value)
