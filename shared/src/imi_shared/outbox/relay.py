"""Outbox relay: publishes pending outbox rows to Kafka, in order per aggregate, marks them sent.

At-least-once: a relay killed after publishing but before marking re-publishes that batch on
restart; consumers are idempotent (event id). Only the holder of the lease relays, so two relay
instances of one service never interleave an aggregate's events.

One batch costs a fixed number of database round trips, whatever its size: the lease (renewed
at most every third of its period), one query for the pending rows and one update marking them
sent. The batch's messages are pipelined to the broker; the producer keeps one request in
flight per partition, so an aggregate's events (one key, one partition) stay in order.

Waking up: the unit of work of the same process sets `wakeup` when a transaction that emitted
commits, so the relay publishes at once instead of at its next poll; the poll remains for rows
other processes write (a second replica, a CLI) and slows down while idle, up to
`idle_poll_seconds`, so idle relays stop loading the database (issue 10).
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
from .store import OutboxStore, row_events

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
        idle_poll_seconds: float | None = None,
        lease: RelayLease | None = None,
        tracer_provider=None,
        wakeup: asyncio.Event | None = None,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.store = OutboxStore(db)
        self.bootstrap = bootstrap
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        # without a wake-up signal the poll is the only way to learn of new rows: no slowing down
        self.idle_poll_seconds = max(
            poll_seconds, idle_poll_seconds if wakeup is not None and idle_poll_seconds else 0
        )
        self.wakeup = wakeup
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
        if self.wakeup is not None:
            self.wakeup.clear()  # what commits from now on wakes the next round
        rows = await self.store.pending(self.batch_size)
        if not rows:
            return 0
        messages = [(row["_id"], event) for row in rows for event in row_events(row)]
        queued = [await self._queue(event) for _, event in messages]  # in order, per partition
        results = await asyncio.gather(*[_settled(q) for q in queued])
        never: dict[str, str] = {}
        for (row_id, event), r in zip(messages, results, strict=True):
            if isinstance(r, NEVER_PUBLISHABLE):
                reason = f"{event['event_id']}: {type(r).__name__}: {r}"
                never[row_id] = f"{never[row_id]}; {reason}" if row_id in never else reason
        if never:
            for row_id, reason in never.items():
                log.error("outbox row set aside", extra={"row_id": row_id, "reason": reason})
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

    async def _queue(self, event: dict[str, Any]) -> asyncio.Future | BaseException:
        """The event's acknowledgement future, or the error of a record the producer refused
        at once (an oversized one)."""
        try:
            return await self._send(event)
        except Exception as exc:
            return exc

    async def _send(self, event: dict[str, Any]) -> asyncio.Future:
        """Queue one event of a row on the producer; returns the future of its
        acknowledgement."""
        envelope = event["envelope"]
        assert self._producer is not None, "the relay sends only once started"
        return await self._producer.send(
            event["topic"],
            _encode(envelope),
            key=event["key"],
            partition=event["partition"],
            event_type=envelope["event_type"],
            event_id=event["event_id"],
            trace_carrier=event.get("trace") or {},
        )

    async def run_forever(self) -> None:
        self._loop_done.clear()
        idle = self.poll_seconds
        try:
            while not self._stopping.is_set():
                try:
                    relayed = await self.run_once()
                except Exception:  # broker or database hiccup: nothing is lost, try again
                    log.exception("outbox relay batch failed; retrying")
                    await self._pause(ERROR_BACKOFF_SECONDS)
                    continue
                if relayed >= self.batch_size:
                    continue
                if not self.is_leader:
                    await self._pause(self._standby())
                    continue
                # idle rounds slow the poll down (doubling) up to idle_poll_seconds; a commit
                # in this process (wakeup) or a busy round brings it back at once
                idle = self.poll_seconds if relayed else min(idle * 2, self.idle_poll_seconds)
                await self._pause(self.poll_seconds if relayed else idle, wake=True)
        finally:
            self._loop_done.set()

    def _standby(self) -> float:
        """How often a relay without the lease checks whether it expired."""
        return max(self.poll_seconds, min(1.0, self.lease.ttl.total_seconds() / 10))

    async def _pause(self, seconds: float, *, wake: bool = False) -> None:
        waits = [asyncio.ensure_future(self._stopping.wait())]
        if wake and self.wakeup is not None:
            waits.append(asyncio.ensure_future(self.wakeup.wait()))
        try:
            await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiting in waits:
                waiting.cancel()


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
