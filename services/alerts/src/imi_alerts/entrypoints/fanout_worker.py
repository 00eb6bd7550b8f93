"""The fan-out worker: a consumer of `imi.alerts.fanout` in the group shared by every
deployment's workers (`alerts-fanout`; Kafka spreads the partitions among them), or, when the
deployments keep their own keys, by the workers of one deployment (`alerts-fanout-<id>`: only
they hold its case keys, see `handlers.fanout.expands_here`).

It has its own broker connection and joins the group in the background, so a deployment is
ready (and serves HTTP) while the group is still being formed. It publishes the copies itself:
no database write per distribution, through the kernel's consume-transform-produce loop
(`EventSubscriber.subscribe_transform`) with an awaited transform (opening and sealing the
copies reads the key store): decode (1.0 upcast, newer major or bad payload dead-lettered),
expand, publish all, then commit; a broker or key-store outage is redelivered. It takes the
distributions in batches (`IMI_CONSUMER_BATCH_RECORDS`): a poll's copies are published
together and the poll committed once they are all acknowledged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from faststream.kafka import KafkaBroker

from imi_shared.consumer import EventSubscriber
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
        EventSubscriber(self.broker, runtime.uow, fanout_catalog()).subscribe_transform(
            ctx.topics.alerts_fanout,
            group,
            {
                DistributionRequested.event_type: fan_out_transform(
                    ctx.topics, ctx.sealer, ctx.key_sharing
                )
            },
            self.producer,
            batch=ctx.settings.consumer_batch,  # issue 10: a poll's copies published together
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
