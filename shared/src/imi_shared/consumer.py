"""Consuming events: decode, idempotent handling in a unit of work, dead letters.

Every subscriber of every service goes through `EventSubscriber`, so each service gets, once:
- decoding, through its own `EventCatalog`, of the types it handles (newer major version, bad
  payload → dead-letter topic, never a guess); other types on the topic are skipped, so
  producers may add types without breaking their consumers;
- idempotency: the processed event id is written in the handler's transaction (UnitOfWork);
- dead letters: an event the handler cannot process is copied to `<topic>.dlq` with the error,
  and the consumer goes on with the next event. Infrastructure outages are not the event's fault:
  they are retried (the message is not acknowledged) instead of dead-lettered;
- batches (`batch=BatchPolicy(...)`, issue 10): a poll's records applied in one transaction,
  with the same guarantees per message (`imi_shared.consumer_batch`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from faststream import AckPolicy
from faststream.kafka import KafkaBroker, TopicPartition
from faststream.kafka.annotations import KafkaMessage

from .batching import BatchPolicy
from .consumer_batch import INFRASTRUCTURE_ERRORS, consume_batch
from .consumer_transform import transform_records
from .dead_letters import dead_letter
from .envelope import Envelope, Event, EventCatalog, UndecodableEvent
from .mongo import Transaction, UnitOfWork, is_transient
from .outbox.store import PendingEvent
from .participants import partition_for
from .producer import EventProducer

log = logging.getLogger(__name__)

Handler = Callable[[Event, Envelope, Transaction], Awaitable[None]]
#: A stateless transform: the events one consumed event becomes (deterministic event ids). It may
#: be a coroutine function when it needs I/O that is not a write, e.g. a key store to seal with.
Transform = Callable[[Event, Envelope], list[PendingEvent] | Awaitable[list[PendingEvent]]]
__all__ = ["INFRASTRUCTURE_ERRORS", "BatchPolicy", "EventSubscriber", "Handler", "Scope"]


@dataclass(frozen=True)
class Scope:
    """Which partitions a subscriber reads: a per-state deployment's own, or the group's share."""

    participants: tuple[str, ...] | None = None  # None: consume as a consumer group (all)

    def partitions(self, topic: str) -> list[TopicPartition] | None:
        if self.participants is None:
            return None
        return [TopicPartition(topic, partition_for(p)) for p in self.participants]


class EventSubscriber:
    def __init__(
        self, broker: KafkaBroker, uow: UnitOfWork, catalog: EventCatalog, *, max_attempts: int = 3
    ) -> None:
        self.broker = broker
        self.uow = uow
        self.catalog = catalog
        self.max_attempts = max_attempts

    def subscribe(
        self,
        topic: str,
        name: str,
        handlers: dict[str, Handler],
        *,
        scope: Scope = Scope(),
        from_beginning: bool = True,
        batch: BatchPolicy | None = None,
    ) -> None:
        """Subscribe `handlers` (event type → handler) to `topic` as consumer `name`.

        `name` is the consumer group and the idempotency namespace. Event types no handler
        wants are skipped (acknowledged) without being decoded, whatever new types producers
        add to a topic; a wanted type that does not decode (newer major version, invalid
        payload) is dead-lettered. With `batch`, each poll's records are applied in one
        transaction, in order, and committed after it (`imi_shared.consumer_batch`).
        """
        decorator = self._decorator(topic, name, scope, from_beginning=from_beginning, batch=batch)

        async def on_message(msg: KafkaMessage) -> None:
            await self._process(topic, name, handlers, msg.raw_message)

        async def on_batch(msg: KafkaMessage) -> None:
            await consume_batch(self, topic, name, handlers, msg.raw_message)

        chosen = on_message if batch is None else on_batch
        chosen.__name__ = f"{name}__{topic}".replace(".", "_").replace("-", "_")
        decorator(chosen)

    def _decorator(
        self,
        topic: str,
        name: str,
        scope: Scope,
        *,
        from_beginning: bool,
        batch: BatchPolicy | None = None,
    ):
        partitions = scope.partitions(topic)
        options: dict[str, Any] = {
            "group_id": name,
            "auto_offset_reset": "earliest" if from_beginning else "latest",
            "ack_policy": AckPolicy.NACK_ON_ERROR,  # commit after the transaction, else rewind
        }
        if batch is not None:
            options.update(
                batch=True, max_records=batch.max_records, batch_timeout_ms=batch.max_wait_ms
            )
        if partitions is not None:
            return self.broker.subscriber(partitions=partitions, **options)
        return self.broker.subscriber(topic, **options)

    def subscribe_transform(
        self,
        topic: str,
        name: str,
        transforms: dict[str, Transform],
        producer: EventProducer,
        *,
        scope: Scope = Scope(),
        batch: BatchPolicy | None = None,
    ) -> None:
        """Consume-transform-produce without a database (`imi_shared.consumer_transform`):
        the outputs are published and acknowledged BEFORE the consumed offset is committed.

        For fan-outs that are a function of the consumed event (sync, or async when it reads a
        key store). At-least-once: a consumer killed half-way re-expands the event after the
        rebalance; the transform derives each output's id from the input's, so the repeats
        carry the same ids and the idempotent consumers downstream drop them. A transform that
        raises is dead-lettered (it would raise again); an infrastructure outage (broker,
        database) is not the event's fault: not committed, redelivered. With `batch`, a poll's
        outputs are published together and the poll committed once.
        """

        async def on_message(msg: KafkaMessage) -> None:
            records = msg.raw_message if batch is not None else (msg.raw_message,)
            await transform_records(self, topic, name, transforms, producer, records)

        on_message.__name__ = f"{name}__{topic}".replace(".", "_").replace("-", "_")
        self._decorator(topic, name, scope, from_beginning=True, batch=batch)(on_message)

    async def open_record(self, topic: str, name: str, wanted: dict[str, Any], raw):
        """(envelope, event, what handles it) of a consumed record, or None once a record
        that is not this consumer's business was skipped or one that cannot be read was
        dead-lettered."""
        try:
            envelope = Envelope.from_bytes(raw.value or b"")
        except ValueError as exc:
            await self.dead_letter(topic, name, raw, exc)
            return None
        target = wanted.get(envelope.event_type)
        if target is None:  # a type this consumer does not handle (known or not): skipped
            return None
        try:
            event = self.catalog.decode(envelope)
        except (UndecodableEvent, ValueError) as exc:
            await self.dead_letter(topic, name, raw, exc)
            return None
        return envelope, event, target

    async def _process(self, topic: str, name: str, handlers: dict[str, Handler], raw) -> None:
        opened = await self.open_record(topic, name, handlers, raw)
        if opened is None:
            return
        envelope, event, handler = opened
        await self.handle_alone(topic, name, raw, envelope, lambda tx: handler(event, envelope, tx))

    async def handle_alone(self, topic: str, name: str, raw, envelope: Envelope, work) -> None:
        """One event in a unit of work of its own: `max_attempts` for a handler that refuses
        it, then the dead-letter topic; an outage or lasting contention raises (redelivery)."""
        for attempt in range(1, self.max_attempts + 1):
            try:
                await self.uow.run(work, consumed=envelope, consumer=name)
                return
            except Exception as exc:
                # an outage or contention is not the event's fault: never a dead letter
                if isinstance(exc, INFRASTRUCTURE_ERRORS) or is_transient(exc):
                    log.warning("%s while handling %s; redelivered", exc, envelope.event_id)
                    await asyncio.sleep(1)
                    raise
                # the handler refused this event
                if attempt == self.max_attempts:
                    await self.dead_letter(topic, name, raw, exc)
                    return
                await asyncio.sleep(0.05 * attempt)

    async def dead_letter(self, topic: str, consumer: str, raw, exc: BaseException) -> None:
        await dead_letter(self.broker, topic, consumer, raw, exc)
