"""Kafka subscribers of the requests service (thin: decode through the catalog, hand over)."""

from __future__ import annotations

from imi_shared.consumer import EventSubscriber
from imi_shared.envelope import EventCatalog
from imi_shared.runtime import ServiceRuntime

from ..domain.events import RequestStatusChanged
from ..handlers.incoming import on_status_changed


def wire_bus(runtime: ServiceRuntime) -> None:
    ctx = runtime.context
    subscriber = EventSubscriber(runtime.broker, runtime.uow, EventCatalog(RequestStatusChanged))
    subscriber.subscribe(
        runtime.topics.requests_events,
        ctx.incoming_consumer,
        {RequestStatusChanged.event_type: on_status_changed},
    )
