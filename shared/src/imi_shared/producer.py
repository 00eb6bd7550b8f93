"""Publishing envelopes to Kafka: one producer for the outbox relay and for stateless transforms.

acks=all; aiokafka keeps one request in flight per partition, so retries cannot reorder a
partition (idempotence is neither needed for that nor supported by every broker we run on).
Each message carries the `event_type` header and the W3C trace context of its publish span.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from aiokafka import AIOKafkaProducer
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.propagate import extract, inject

from .outbox.store import PendingEvent


class EventProducer:
    def __init__(self, bootstrap: str, *, tracer_provider=None) -> None:
        self.bootstrap = bootstrap
        self.tracer = trace.get_tracer(__name__, tracer_provider=tracer_provider)
        self._producer: AIOKafkaProducer | None = None

    async def start(self) -> None:
        self._producer = AIOKafkaProducer(
            bootstrap_servers=self.bootstrap,
            acks="all",
            linger_ms=2,
            max_batch_size=256 * 1024,
        )
        await self._producer.start()

    async def stop(self) -> None:
        if self._producer is not None:
            producer, self._producer = self._producer, None
            await producer.stop()

    async def send(
        self,
        topic: str,
        value: bytes,
        *,
        key: str,
        partition: int | None,
        event_type: str,
        event_id: str,
        trace_carrier: Mapping[str, str] | None = None,
    ) -> asyncio.Future:
        """Queue one message; returns the future of its acknowledgement by the broker.

        The publish span is a child of `trace_carrier` (the context stored with an outbox row)
        or, without one, of the current context.
        """
        if self._producer is None:
            raise RuntimeError("EventProducer.start() was not called")
        parent: Context | None = extract(dict(trace_carrier)) if trace_carrier else None
        with self.tracer.start_as_current_span(
            f"{topic} publish",
            context=parent,
            kind=trace.SpanKind.PRODUCER,
            attributes={
                "messaging.system": "kafka",
                "messaging.destination.name": topic,
                "imi.event_type": event_type,
                "imi.event_id": event_id,
            },
        ):
            headers: dict[str, str] = {}
            inject(headers)
            headers["event_type"] = event_type
            return await self._producer.send(
                topic,
                value=value,
                key=key.encode(),
                partition=partition,
                headers=[(k, v.encode()) for k, v in headers.items()],
            )

    async def publish_all(self, events: list[PendingEvent]) -> None:
        """Send every event, pipelined, and return once the broker acknowledged them all
        (raises the first failure: the caller then retries the whole list)."""
        futures = [
            await self.send(
                ev.topic,
                ev.envelope.to_bytes(),
                key=ev.key,
                partition=ev.partition,
                event_type=ev.envelope.event_type,
                event_id=str(ev.envelope.event_id),
                trace_carrier=ev.trace or None,
            )
            for ev in events
        ]
        results = await asyncio.gather(*futures, return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result
