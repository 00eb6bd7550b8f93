"""Outbox relay: publishes pending outbox rows to Kafka, in order per aggregate, then marks them sent.

At-least-once: a relay killed after publishing but before marking re-publishes on restart;
consumers are idempotent (event id). Only the holder of the lease relays, so two relay
instances of one service never interleave an aggregate's events.
"""
from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import UTC, datetime, timedelta

from aiokafka import AIOKafkaProducer
from opentelemetry import trace
from opentelemetry.propagate import extract, inject
from pymongo.errors import DuplicateKeyError

from .store import OutboxStore

log = logging.getLogger(__name__)
LEASES = "outbox_lease"


class RelayLease:
    """A time-bounded lease in MongoDB; the relay renews it every loop."""

    def __init__(self, db, owner: str | None = None, ttl: timedelta = timedelta(seconds=5)) -> None:
        self.collection = db[LEASES]
        self.owner = owner or uuid.uuid4().hex
        self.ttl = ttl

    async def acquire(self) -> bool:
        now = datetime.now(UTC)
        try:
            await self.collection.find_one_and_update(
                {"_id": "relay", "$or": [{"owner": self.owner}, {"expires_at": {"$lt": now}}]},
                {"$set": {"owner": self.owner, "expires_at": now + self.ttl}},
                upsert=True,
            )
        except DuplicateKeyError:  # the filter did not match: another owner holds a live lease
            return False
        return True

    async def release(self) -> None:
        await self.collection.delete_one({"_id": "relay", "owner": self.owner})


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
        self.store = OutboxStore(db)
        self.bootstrap = bootstrap
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.lease = lease or RelayLease(db)
        self.tracer = trace.get_tracer(__name__, tracer_provider=tracer_provider)
        self._producer: AIOKafkaProducer | None = None
        self._stopping = asyncio.Event()

    async def start(self) -> None:
        # acks=all + one request in flight: retries cannot reorder a partition.
        self._producer = AIOKafkaProducer(
            bootstrap_servers=self.bootstrap, acks="all", linger_ms=2,
            max_batch_size=256 * 1024,
        )
        await self._producer.start()

    async def stop(self) -> None:
        self._stopping.set()
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None

    async def run_once(self) -> int:
        """Publish one batch; returns how many events were relayed (0 if idle or not leader)."""
        if not await self.lease.acquire():
            return 0
        rows = await self.store.pending(self.batch_size)
        if not rows:
            return 0
        futures = []
        for row in rows:
            with self.tracer.start_as_current_span(
                f"{row['topic']} publish", context=extract(row.get("trace") or {}),
                kind=trace.SpanKind.PRODUCER,
                attributes={"messaging.system": "kafka", "messaging.destination.name": row["topic"],
                            "imi.event_type": row["envelope"]["event_type"],
                            "imi.event_id": row["_id"]},
            ):
                headers: dict[str, str] = {}
                inject(headers)
                headers["event_type"] = row["envelope"]["event_type"]
                futures.append(await self._producer.send(
                    row["topic"], value=_encode(row["envelope"]), key=row["key"].encode(),
                    partition=row["partition"],
                    headers=[(k, v.encode()) for k, v in headers.items()],
                ))
        await asyncio.gather(*futures)
        await self.store.mark_sent([row["_id"] for row in rows])
        return len(rows)

    async def run_forever(self) -> None:
        while not self._stopping.is_set():
            try:
                relayed = await self.run_once()
            except Exception:  # broker or database hiccup: nothing is lost, try again
                log.exception("outbox relay batch failed; retrying")
                relayed = 0
                await asyncio.sleep(1)
            if relayed < self.batch_size:
                try:
                    await asyncio.wait_for(self._stopping.wait(), self.poll_seconds)
                except TimeoutError:
                    pass


def _encode(envelope_doc: dict) -> bytes:
    from ..envelope import Envelope

    return Envelope.model_validate(envelope_doc).to_bytes()
