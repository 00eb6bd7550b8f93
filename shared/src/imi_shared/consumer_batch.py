"""The batched path of `EventSubscriber.subscribe(..., batch=BatchPolicy(...))` (issue 10).

A batch is what one poll returns from the subscriber's partitions (at most `max_records`,
waiting at most `max_wait_ms`), each partition's records in offset order. It is applied in ONE
transaction (`UnitOfWork.run_batch`): one bulk lookup and one bulk insert of processed-event
ids, the handlers in the records' order (so per key, a key living on one partition), the
events already processed or repeated skipped. The offsets are committed only after that
transaction (faststream's manual commit, `AckPolicy.NACK_ON_ERROR`):

- a record that does not decode is dead-lettered alone before the transaction;
- a handler that refuses its event (a domain or validation error) aborts the transaction;
  its batch-mates before it are applied again without it, the event is then retried alone
  (the single path: `max_attempts`, then the dead-letter topic), and the batch goes on after
  it: dead letters per message, the order of the others kept;
- a write-behind's bulk write that is refused (`BatchFlushFailed`: not a conflict, not an
  outage) aborts the transaction too; the batch's events are then applied one at a time (the
  single path, each with its own write), so the refused one is dead-lettered alone;
- an infrastructure outage (MongoDB or Kafka unreachable) or contention outliving the unit of
  work's retries is not the batch's fault: nothing is committed, the whole batch is redelivered
  (each partition rewound to its first record), and what was applied is skipped then;
- a process killed mid-batch committed nothing after its last transaction: redelivered too.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, Protocol

from aiokafka.errors import KafkaConnectionError
from pymongo.errors import ConnectionFailure

from .batching import BatchFlushFailed, BatchItem, BatchItemFailed
from .mongo import is_transient

log = logging.getLogger(__name__)

INFRASTRUCTURE_ERRORS = (ConnectionFailure, KafkaConnectionError)


@dataclass(frozen=True)
class Pending:
    """A decoded record of the batch and the work its handler does."""

    raw: Any  # the aiokafka ConsumerRecord
    item: BatchItem


class Subscriber(Protocol):
    """What the batched path needs of `EventSubscriber`."""

    uow: Any

    async def open_record(self, topic: str, name: str, wanted: dict[str, Any], raw) -> Any: ...

    async def handle_alone(self, topic: str, name: str, raw, envelope, work) -> None: ...


def _bind(handler, event, envelope):
    async def work(tx):
        return await handler(event, envelope, tx)

    return work


async def consume_batch(
    sub: Subscriber, topic: str, name: str, handlers: dict[str, Any], records
) -> None:
    """Apply one polled batch (see the module docstring); raising means redelivery."""
    pending: list[Pending] = []
    for raw in records:
        opened = await sub.open_record(topic, name, handlers, raw)
        if opened is not None:
            envelope, event, handler = opened
            item = BatchItem(envelope, _bind(handler, event, envelope), event)
            pending.append(Pending(raw, item))
    await _apply(sub, topic, name, pending)


async def _apply(sub: Subscriber, topic: str, name: str, pending: list[Pending]) -> None:
    while pending:
        try:
            await sub.uow.run_batch([p.item for p in pending], consumer=name)
            return
        except BatchItemFailed as failed:
            if isinstance(failed.cause, INFRASTRUCTURE_ERRORS) or is_transient(failed.cause):
                await _redeliver(name, failed.cause)
            index = failed.index
            await _apply(sub, topic, name, pending[:index])  # the batch-mates before it
            refused = pending[index]
            await sub.handle_alone(
                topic, name, refused.raw, refused.item.consumed, refused.item.work
            )
            pending = pending[index + 1 :]
        except BatchFlushFailed as failed:
            if isinstance(failed.cause, INFRASTRUCTURE_ERRORS) or is_transient(failed.cause):
                await _redeliver(name, failed.cause)
            log.warning("%s: %s; applying the batch one event at a time", name, failed)
            for p in pending:
                await sub.handle_alone(topic, name, p.raw, p.item.consumed, p.item.work)
            return
        except Exception as exc:  # outage, contention, the batch's own writes: not committed
            await _redeliver(name, exc)


async def _redeliver(name: str, exc: BaseException) -> None:
    log.warning("%s: %s while applying a batch; it will be redelivered", name, exc)
    await asyncio.sleep(1)
    raise exc
