"""Consume-transform-produce without a database (`EventSubscriber.subscribe_transform`):
each consumed event becomes the events its transform returns, published directly and
acknowledged by the broker BEFORE the consumed offsets are committed.

With a batch policy the outputs of a whole poll are published together, then the poll is
committed once: fewer round trips, the same guarantees (a transform that raises is
dead-lettered alone, an outage publishes nothing more and the poll is redelivered, a worker
killed half-way is replaced by a re-expansion whose repeats carry the same ids).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from typing import Any, Protocol

from .consumer_batch import INFRASTRUCTURE_ERRORS
from .outbox.store import PendingEvent
from .producer import EventProducer

log = logging.getLogger(__name__)


class Opener(Protocol):
    async def open_record(self, topic: str, name: str, wanted: dict[str, Any], raw) -> Any: ...

    async def dead_letter(self, topic: str, consumer: str, raw, exc: BaseException) -> None: ...


async def expand(
    sub: Opener, topic: str, name: str, transforms: dict[str, Any], raw
) -> list[PendingEvent]:
    """The events one record becomes ([] once it was skipped or dead-lettered); an
    infrastructure outage raises (not committed, redelivered)."""
    opened = await sub.open_record(topic, name, transforms, raw)
    if opened is None:
        return []
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
        await sub.dead_letter(topic, name, raw, exc)
        return []
    return list(outputs)


async def transform_records(
    sub: Opener,
    topic: str,
    name: str,
    transforms: dict[str, Any],
    producer: EventProducer,
    records,
) -> None:
    """Expand every record in order, publish all the outputs, acknowledged (raises → not
    committed → redelivered)."""
    outputs: list[PendingEvent] = []
    for raw in records:
        outputs.extend(await expand(sub, topic, name, transforms, raw))
    if outputs:
        await producer.publish_all(outputs)
