"""Consuming events: decode, idempotent handling in a unit of work, dead letters.

Every subscriber of every service goes through `EventSubscriber`, so each service gets, once:
- decoding, through its own `EventCatalog`, of the types it handles (newer major version, bad
  payload → dead-letter topic, never a guess); other types on the topic are skipped, so
  producers may add types without breaking their consumers;
- idempotency: the processed event id is written in the handler's transaction (UnitOfWork);
- dead letters: an event the handler cannot process is copied to `<topic>.dlq` with the error,
  and the consumer goes on with the next event. Infrastructure outages are not the event's fault:
  they are retried (the message is not acknowledged) instead of dead-lettered.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiokafka.errors import KafkaConnectionError
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, TopicPartition
from faststream.kafka.annotations import KafkaMessage
from pymongo.errors import ConnectionFailure

from .envelope import Envelope, Event, EventCatalog, UndecodableEvent
from .mongo import Transaction, UnitOfWork, is_transient
from .outbox.store import PendingEvent
from .participants import partition_for
from .producer import EventProducer
from .topics import DLQ_SUFFIX

log = logging.getLogger(__name__)

Handler = Callable[[Event, Envelope, Transaction], Awaitable[None]]
#: A stateless transform: the events one consumed event becomes (deterministic event ids). It may
#: be a coroutine function when it needs I/O that is not a write, e.g. a key store to seal with.
Transform = Callable[[Event, Envelope], list[PendingEvent] | Awaitable[list[PendingEvent]]]
INFRASTRUCTURE_ERRORS = (ConnectionFailure, KafkaConnectionError)


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
    ) -> None:
        """Subscribe `handlers` (event type → handler) to `topic` as consumer `name`.

        `name` is the consumer group and the idempotency namespace. Event types no handler
        wants are skipped (acknowledged) without being decoded, whatever new types producers
        add to a topic; a wanted type that does not decode (newer major version, invalid
        payload) is dead-lettered.
        """
        decorator = self._decorator(topic, name, scope, from_beginning=from_beginning)

        async def on_message(msg: KafkaMessage) -> None:
            await self._process(topic, name, handlers, msg)

        on_message.__name__ = f"{name}__{topic}".replace(".", "_").replace("-", "_")
        decorator(on_message)

    def _decorator(self, topic: str, name: str, scope: Scope, *, from_beginning: bool):
        partitions = scope.partitions(topic)
        options: dict[str, Any] = {
            "group_id": name,
            "auto_offset_reset": "earliest" if from_beginning else "latest",
            "ack_policy": AckPolicy.NACK_ON_ERROR,
        }
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
    ) -> None:
        """Consume-transform-produce without a database: each event becomes the events its
        transform returns, published directly and acknowledged by the broker BEFORE the
        consumed offset is committed.

        For fan-outs that are a function of the consumed event (sync, or async when it reads a
        key store). At-least-once: a consumer killed half-way re-expands the event after the
        rebalance; the transform derives each output's id from the input's, so the repeats
        carry the same ids and the idempotent consumers downstream drop them. A transform that
        raises is dead-lettered (it would raise again); an infrastructure outage (broker,
        database) is not the event's fault: not committed, redelivered.
        """

        async def on_message(msg: KafkaMessage) -> None:
            opened = await self._open(topic, name, transforms, msg)
            if opened is None:
                return
            envelope, event, transform = opened
            try:
                outputs = transform(event, envelope)
                if inspect.isawaitable(outputs):
                    outputs = await outputs
            except INFRASTRUCTURE_ERRORS:
                log.warning("infrastructure error expanding %s; redelivered", envelope.event_id)
                await asyncio.sleep(1)
                raise  # not committed → redelivered
            except Exception as exc:  # noqa: BLE001 - deterministic: it would fail again
                await self.dead_letter(topic, name, msg.raw_message, exc)
                return
            await producer.publish_all(outputs)  # raises → not committed → redelivered

        on_message.__name__ = f"{name}__{topic}".replace(".", "_").replace("-", "_")
        self._decorator(topic, name, scope, from_beginning=True)(on_message)

    async def _open(self, topic: str, name: str, wanted: dict[str, Any], msg):
        """(envelope, event, what handles it), or None once a message that is not this
        consumer's business was skipped or one that cannot be read was dead-lettered."""
        raw = msg.raw_message
        try:
            envelope = Envelope.from_bytes(msg.body)
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

    async def _process(self, topic: str, name: str, handlers: dict[str, Handler], msg) -> None:
        opened = await self._open(topic, name, handlers, msg)
        if opened is None:
            return
        envelope, event, handler = opened
        raw = msg.raw_message
        for attempt in range(1, self.max_attempts + 1):
            try:
                await self.uow.run(
                    lambda tx: handler(event, envelope, tx), consumed=envelope, consumer=name
                )
                return
            except INFRASTRUCTURE_ERRORS:
                log.warning(
                    "infrastructure error while handling %s; will be redelivered", envelope.event_id
                )
                await asyncio.sleep(1)
                raise
            except Exception as exc:
                if is_transient(exc):  # contention, not the event's fault: never a dead letter
                    log.warning(
                        "write conflicts persisted while handling %s; will be redelivered",
                        envelope.event_id,
                    )
                    await asyncio.sleep(1)
                    raise
                # the handler refused this event
                if attempt == self.max_attempts:
                    await self.dead_letter(topic, name, raw, exc)
                    return
                await asyncio.sleep(0.05 * attempt)

    async def dead_letter(self, topic: str, consumer: str, raw, exc: BaseException) -> None:
        headers = {
            k: (v.decode(errors="replace") if isinstance(v, bytes) else str(v))
            for k, v in (raw.headers or [])
        }
        headers.update(
            {
                "dlq.error": f"{type(exc).__name__}: {exc}"[:2000],
                "dlq.trace": "".join(traceback.format_exception(exc))[-4000:],
                "dlq.source.topic": topic,
                "dlq.source.partition": str(raw.partition),
                "dlq.source.offset": str(raw.offset),
                "dlq.consumer": consumer,
            }
        )
        log.error("dead-lettered %s[%s]@%s: %s", topic, raw.partition, raw.offset, exc)
        await self.broker.publish(
            raw.value,
            f"{topic}{DLQ_SUFFIX}",
            key=raw.key,
            partition=raw.partition,
            headers=headers,
        )
