"""Outbox collection: pending events, one row per (transaction, aggregate), with a
per-aggregate sequence number.

A row holds, in order, every event one transaction emitted for one aggregate (`events`); its
`_id` is the first event's id. The per-aggregate counter is incremented inside the writer's
transaction, so two transactions on the same aggregate conflict and serialise: when row n of an
aggregate is visible, every row before it is visible (or already sent). The relay can therefore
publish in (aggregate, seq) order without gaps.

Numbered by the aggregate's version (issue 12): when the transaction wrote the aggregate
through a `VersionedRepository` that names its `aggregate_type` (`numbers`), the row's `seq`
is the version written and no counter is touched (one round trip less per command). The
version serialises the writers just as the counter does (two transactions writing version n
conflict) and only grows, so the argument above holds; numbers may skip (a save that emitted
nothing). Such rows form the sequence `<type>:<id>#version` (`VERSIONED`), apart from the
counter's `<type>:<id>`, which still numbers what a transaction emits for an aggregate it did
not write (a relayed command, a report record): each sequence is published in order, the two
are not ordered against each other (to be, the emitting transaction would have to write the
aggregate). So rows written before an upgrade (counter-numbered) never interleave wrongly with
the versioned ones: they are another sequence.

Why a row per transaction and aggregate, not per event (issue 10): the local database's cost is
per document (inserting a row, marking it sent), so a broadcast's 33 events (a status change,
31 deliveries, the distribution) cost 33 inserts and 33 updates as rows of their own, and one of
each as one row. A row written before this layout (one event, its fields at the top level) is
still read: `row_events`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ASCENDING, ReturnDocument

from ..envelope import Envelope
from ..participants import partition_for

OUTBOX = "outbox"
COUNTERS = "outbox_counters"
VERSIONED = "#version"  # suffix of a sequence numbered by the aggregate's version
SENT_KEPT_FOR = timedelta(days=7)


def _current_trace_carrier() -> dict[str, str]:
    from opentelemetry.propagate import inject

    carrier: dict[str, str] = {}
    inject(carrier)
    return carrier


@dataclass(frozen=True)
class PendingEvent:
    envelope: Envelope
    topic: str
    key: str
    partition: int | None
    trace: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls, envelope: Envelope, topic: str, *, key: str | None = None, partition: int | None = None
    ) -> PendingEvent:
        key = key or envelope.member_state
        if partition is None:
            partition = partition_for(envelope.member_state)
        return cls(envelope, topic, key, partition, _current_trace_carrier())

    @property
    def aggregate(self) -> str:
        return f"{self.envelope.aggregate_type}:{self.envelope.aggregate_id}"


class OutboxStore:
    def __init__(self, db) -> None:
        self.collection = db[OUTBOX]
        self.counters = db[COUNTERS]

    async def ensure_indexes(self) -> None:
        await self.collection.create_index(
            [("status", ASCENDING), ("aggregate", ASCENDING), ("seq", ASCENDING)]
        )
        await self.collection.create_index(
            "sent_at",
            expireAfterSeconds=int(SENT_KEPT_FOR.total_seconds()),
            partialFilterExpression={"status": "sent"},
        )

    async def append(
        self, events: list[PendingEvent], session, numbers: dict[str, int] | None = None
    ) -> None:
        """Insert the transaction's rows; `numbers` ({aggregate: version written in this
        transaction}) number the rows of those aggregates without the counter."""
        numbers = numbers or {}
        by_aggregate: dict[str, list[PendingEvent]] = {}
        for ev in events:
            by_aggregate.setdefault(ev.aggregate, []).append(ev)
        docs: list[dict[str, Any]] = []
        now = datetime.now(UTC)
        for aggregate, evs in by_aggregate.items():
            row: dict[str, Any] = {"_id": str(evs[0].envelope.event_id), "aggregate": aggregate}
            if aggregate in numbers:
                row.update(aggregate=aggregate + VERSIONED, seq=numbers[aggregate])
            else:
                row["seq"] = await self._next_seq(aggregate, session)
            row.update(events=[_event_fields(ev) for ev in evs], status="pending", created_at=now)
            docs.append(row)
        await self.collection.insert_many(docs, ordered=True, session=session)

    async def _next_seq(self, aggregate: str, session) -> int:
        counter = await self.counters.find_one_and_update(
            {"_id": aggregate},
            {"$inc": {"seq": 1}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
            session=session,
        )
        return int(counter["seq"])

    async def pending(self, limit: int) -> list[dict[str, Any]]:
        cursor = (
            self.collection.find({"status": "pending"})
            .sort([("aggregate", ASCENDING), ("seq", ASCENDING)])
            .limit(limit)
        )
        return await cursor.to_list(length=limit)

    async def set_aside(self, errors: dict[str, str]) -> None:
        """Rows holding an event the broker can never accept (e.g. larger than its message
        limit): they leave the pending queue, so the rows behind them keep flowing, and wait
        for an operator with the reason (`set_aside_rows`; `/readyz` counts them). Never
        silently dropped. (The row's other events were published.)"""
        now = datetime.now(UTC)
        for row_id, error in errors.items():
            await self.collection.update_one(
                {"_id": row_id, "status": "pending"},
                {"$set": {"status": "set_aside", "error": error[:500], "set_aside_at": now}},
            )

    async def set_aside_rows(self, limit: int = 100) -> list[dict[str, Any]]:
        """What an operator sees of the set-aside rows: identity, topic, type, reason (no
        payload: it may hold sealed case content)."""
        cursor = self.collection.find(
            {"status": "set_aside"},
            {
                "aggregate": 1,
                "seq": 1,
                "events.event_id": 1,
                "events.topic": 1,
                "events.envelope.event_type": 1,
                "error": 1,
            },
        ).sort([("set_aside_at", ASCENDING)])
        return await cursor.to_list(length=limit)

    async def count_set_aside(self) -> int:
        return await self.collection.count_documents({"status": "set_aside"})

    async def mark_sent(self, ids: list[str]) -> None:
        if ids:
            await self.collection.update_many(
                {"_id": {"$in": ids}}, {"$set": {"status": "sent", "sent_at": datetime.now(UTC)}}
            )


def _event_fields(ev: PendingEvent) -> dict[str, Any]:
    return {
        "event_id": str(ev.envelope.event_id),
        "topic": ev.topic,
        "key": ev.key,
        "partition": ev.partition,
        "envelope": ev.envelope.model_dump(mode="json"),
        "trace": ev.trace,
    }


def row_events(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The events of an outbox row, in order, each `{event_id, topic, key, partition,
    envelope, trace}` (a row of the one-event-per-row layout gives its one event)."""
    if "events" in row:
        return row["events"]
    return [
        {
            "event_id": row["_id"],
            "topic": row["topic"],
            "key": row["key"],
            "partition": row["partition"],
            "envelope": row["envelope"],
            "trace": row.get("trace") or {},
        }
    ]
