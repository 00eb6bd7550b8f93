"""Kafka subscribers of retention (thin: event → handler), through the kernel's idempotent
`EventSubscriber`: `imi.alerts.events`, consumer `<db_name>.alerts`, as a group over
every partition (`alert.status_changed`: closure and withdrawal start the clock, X-029)."""

from __future__ import annotations

from imi_shared.consumer import EventSubscriber
from imi_shared.runtime import ServiceRuntime

from ..adapters.alerts_events import AlertStatusChanged, alerts_catalog
from ..context import RetentionContext
from ..handlers import closure
from .jobs import register_jobs


def wire_bus(runtime: ServiceRuntime) -> None:
    ctx: RetentionContext = runtime.context
    register_jobs(runtime)

    async def on_alert_status_changed(event, envelope, tx) -> None:
        # the alert's member state is its envelope's (the launching state's partition)
        await closure.alert_status_changed(ctx, event, envelope.member_state, tx)

    EventSubscriber(runtime.broker, runtime.uow, alerts_catalog()).subscribe(
        ctx.settings.topics.alerts_events,
        f"{ctx.settings.db_name}.alerts",
        {AlertStatusChanged.event_type: on_alert_status_changed},
    )
