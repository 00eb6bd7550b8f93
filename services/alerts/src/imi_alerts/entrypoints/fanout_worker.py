"""The fan-out worker: a consumer of `imi.alerts.fanout` in the group shared by every
deployment's workers (`alerts-fanout`; Kafka spreads the partitions among them).

It has its own broker connection and joins the group in the background, so a deployment is
ready (and serves HTTP) while the group is still being formed. It publishes the copies itself:
no database write per distribution. The kernel's `EventSubscriber.subscribe_transform` takes a
synchronous transform, and opening and sealing the copies needs the key store, so the same
consume-transform-produce loop is kept here with an awaited transform (`subscribe_fanout`):
decode (1.0 upcast, newer major or bad payload dead-lettered), expand, publish all, then commit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from imi_shared.consumer import INFRASTRUCTURE_ERRORS, EventSubscriber
from imi_shared.envelope import Envelope, UndecodableEvent
from imi_shared.producer import EventProducer
from imi_shared.runtime import ServiceRuntime

from ..adapters.delivery_messages import DistributionRequested
from ..adapters.legacy_messages import fanout_catalog
from ..handlers.context import AlertsContext
from ..handlers.fanout import fan_out_transform

log = logging.getLogger(__name__)


class FanoutWorker:
    def __init__(self, runtime: ServiceRuntime, ctx: AlertsContext, group: str) -> None:
        self.broker = KafkaBroker(
            ctx.settings.kafka_bootstrap,
            logger=log,
            middlewares=[runtime.telemetry.kafka_middleware()],
        )
        self.producer = EventProducer(
            ctx.settings.kafka_bootstrap, tracer_provider=runtime.telemetry.tracer_provider
        )
        subscribe_fanout(
            EventSubscriber(self.broker, runtime.uow, fanout_catalog()),
            ctx.topics.alerts_fanout,
            group,
            fan_out_transform(ctx.topics, ctx.sealer),
            self.producer,
        )
        self._starting: asyncio.Task | None = None

    def start(self) -> None:
        self._starting = asyncio.create_task(self._start(), name="alerts-fanout-worker")

    async def _start(self) -> None:
        await self.producer.start()  # before the first distribution arrives
        await self.broker.start()

    async def stop(self) -> None:
        if self._starting is not None and not self._starting.done():
            self._starting.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._starting
        await self.broker.stop()
        await self.producer.stop()


def subscribe_fanout(
    subscriber: EventSubscriber, topic: str, group: str, transform, producer: EventProducer
) -> None:
    """Consume `topic` in `group`: each distribution becomes the copies `transform` returns,
    published and acknowledged by the broker BEFORE the offset is committed (at-least-once;
    deterministic copy ids). A distribution that cannot be decoded or expanded is dead-lettered
    with the error (it would fail again); a broker or key-store outage is redelivered."""

    async def on_message(msg: KafkaMessage) -> None:
        raw = msg.raw_message
        try:
            envelope = Envelope.from_bytes(msg.body)
        except ValueError as exc:
            await subscriber.dead_letter(topic, group, raw, exc)
            return
        if envelope.event_type != DistributionRequested.event_type:
            return
        try:
            event = subscriber.catalog.decode(envelope)
        except (UndecodableEvent, ValueError) as exc:
            await subscriber.dead_letter(topic, group, raw, exc)
            return
        try:
            outputs = await transform(event, envelope)
        except INFRASTRUCTURE_ERRORS:
            raise  # not the event's fault: not committed, redelivered
        except Exception as exc:  # noqa: BLE001 - deterministic: it would fail again
            await subscriber.dead_letter(topic, group, raw, exc)
            return
        await producer.publish_all(outputs)  # raises → not committed → redelivered

    on_message.__name__ = f"{group}__{topic}".replace(".", "_").replace("-", "_")
    subscriber.broker.subscriber(
        topic, group_id=group, auto_offset_reset="earliest", ack_policy=AckPolicy.NACK_ON_ERROR
    )(on_message)
