"""The subscriber of retention's decisions (X-052), consumer `alerts-retention-<deployment>`,
every participant's partition: the alert's origin applies them to the alert, and every
deployment drops the sealed PD of the copies it holds."""

from __future__ import annotations

from imi_shared.consumer import EventSubscriber, Scope
from imi_shared.participants import PARTICIPANTS
from imi_shared.runtime import ServiceRuntime

from ..adapters.retention_events import retention_catalog
from ..handlers.context import AlertsContext
from ..handlers.retention import handlers


def wire_retention(runtime: ServiceRuntime, ctx: AlertsContext) -> None:
    name = f"{ctx.settings.topic_prefix}alerts-retention-{ctx.settings.deployment}"
    EventSubscriber(runtime.broker, runtime.uow, retention_catalog()).subscribe(
        ctx.topics.retention_events, name, handlers(ctx), scope=Scope(PARTICIPANTS)
    )
