"""Outbox relay: publishes pending outbox rows to Kafka, in order per aggregate, marks them sent.

At-least-once: a relay killed after publishing but before marking re-publishes that batch on
restart; consumers are idempotent (event id). Only the holder of the lease relays, so two relay
instances of one service never interleave an aggregate's events.

One batch costs a fixed number of database round trips, whatever its size: the lease (renewed
at most every third of its period), one query for the pending rows and one update marking them
sent. The batch's messages are pipelined to the broker; the producer keeps one request in
flight per partition, so an aggregate's events (one key, one partition) stay in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiokafka.errors import InvalidTopicError, MessageSizeTooLargeError, RecordTooLargeError
from pymongo.errors import PyMongoError

from ..envelope import Envelope
from ..lease import LEASES, RelayLease
from ..producer import EventProducer
from .store import OutboxStore

__all__ = ["LEASES", "OutboxRelay", "RelayLease"]

log = logging.getLogger(__name__)
ERROR_BACKOFF_SECONDS = 1.0
STOP_GRACE_SECONDS = 15.0
# what no retry can cure: such a row is set aside (reported) instead of blocking the outbox
NEVER_PUBLISHABLE = (MessageSizeTooLargeError, RecordTooLargeError, InvalidTopicError)


class OutboxRelay:
    def __init__(
        self,
        db,
        bootstrap: str,
        *,
        batch_size: int = 500,
        poll_seconds: float = 0.05,
        lease: RelayLease | None = None,
        tracer_provider=None,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.store = OutboxStore(db)
        self.bootstrap = bootstrap
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.lease = lease or RelayLease(db)
        self.tracer_provider = tracer_provider
        self.is_leader = False
        self._producer: EventProducer | None = None
        self._stopping = asyncio.Event()
        self._loop_done = asyncio.Event()
        self._loop_done.set()

    async def start(self) -> None:
        self._stopping.clear()
        await self.store.ensure_indexes()  # idempotent; the pending query must not scan
        self._producer = EventProducer(self.bootstrap, tracer_provider=self.tracer_provider)
        await self._producer.start()

    def request_stop(self) -> None:
        """Ask run_forever to return after the current batch (safe from a signal handler)."""
        self._stopping.set()

    async def stop(self) -> None:
        """Finish the current batch, close the producer and hand the lease over at once."""
        self._stopping.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._loop_done.wait(), STOP_GRACE_SECONDS)
        if self._producer is not None:
            producer, self._producer = self._producer, None
            await producer.stop()
        try:
            await self.lease.release()
        except PyMongoError:  # the lease then simply expires
            log.warning("could not release the outbox relay lease", exc_info=True)
        self.is_leader = False

    async def run_once(self) -> int:
        """Publish one batch; returns how many events were relayed (0 if idle or not leader)."""
        if self._producer is None:
            raise RuntimeError("OutboxRelay.start() was not called")
        self.is_leader = await self.lease.acquire()
        if not self.is_leader:
            return 0
        rows = await self.store.pending(self.batch_size)
        if not rows:
            return 0
        queued = [await self._queue(row) for row in rows]  # in order: one partition, one order
        results = await asyncio.gather(*[_settled(q) for q in queued])
        never = {
            row["_id"]: f"{type(r).__name__}: {r}"
            for row, r in zip(rows, results, strict=True)
            if isinstance(r, NEVER_PUBLISHABLE)
        }
        if never:
            for row_id, reason in never.items():
                log.error("outbox row set aside", extra={"event_id": row_id, "reason": reason})
            await self.store.set_aside(never)
        failures = [
            r
            for r in results
            if isinstance(r, BaseException) and not isinstance(r, NEVER_PUBLISHABLE)
        ]
        if failures:  # nothing else is marked: the rest of the batch is published again
            raise failures[0]
        # every other row was acknowledged by the broker before any is marked (one round trip)
        await self.store.mark_sent([row["_id"] for row in rows if row["_id"] not in never])
        return len(rows)

    async def _queue(self, row: dict[str, Any]) -> asyncio.Future | BaseException:
        """The row's acknowledgement future, or the error of a record the producer refused at
        once (an oversized one)."""
        try:
            return await self._send(row)
        except Exception as exc:
            return exc

    async def _send(self, row: dict[str, Any]) -> asyncio.Future:
        """Queue one row on the producer; returns the future of its acknowledgement."""
        envelope = row["envelope"]
        assert self._producer is not None, "the relay sends only once started"
        return await self._producer.send(
            row["topic"],
            _encode(envelope),
            key=row["key"],
            partition=row["partition"],
            event_type=envelope["event_type"],
            event_id=row["_id"],
            trace_carrier=row.get("trace") or {},
        )

    async def run_forever(self) -> None:
        self._loop_done.clear()
        try:
            while not self._stopping.is_set():
                try:
                    relayed = await self.run_once()
                except Exception:  # broker or database hiccup: nothing is lost, try again
                    log.exception("outbox relay batch failed; retrying")
                    await self._pause(ERROR_BACKOFF_SECONDS)
                    continue
                if relayed < self.batch_size:
                    await self._pause(self.poll_seconds if self.is_leader else self._standby())
        finally:
            self._loop_done.set()

    def _standby(self) -> float:
        """How often a relay without the lease checks whether it expired."""
        return max(self.poll_seconds, min(1.0, self.lease.ttl.total_seconds() / 10))

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)


async def _settled(queued: asyncio.Future | BaseException) -> BaseException | None:
    if isinstance(queued, BaseException):
        return queued
    try:
        await queued
    except Exception as exc:
        return exc
    return None


def _encode(envelope_doc: dict) -> bytes:
    return Envelope.model_validate(envelope_doc).to_bytes()
