"""Dead letters: an event a consumer cannot process is copied to `<topic>.dlq`, on the same
partition with the same key and value, its headers carrying the original ones plus the error,
the trace, the source topic/partition/offset and the consumer; the consumer then goes on."""

from __future__ import annotations

import logging
import traceback

from faststream.kafka import KafkaBroker

from .topics import DLQ_SUFFIX

log = logging.getLogger(__name__)


async def dead_letter(
    broker: KafkaBroker, topic: str, consumer: str, raw, exc: BaseException
) -> None:
    """Copy the consumed record `raw` (an aiokafka ConsumerRecord) to `<topic>.dlq`."""
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
    await broker.publish(
        raw.value,
        f"{topic}{DLQ_SUFFIX}",
        key=raw.key,
        partition=raw.partition,
        headers=headers,
    )
