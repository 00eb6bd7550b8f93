"""Kafka subscribers of the registers service (thin: decode through the catalog, hand over)."""

from __future__ import annotations

from imi_shared.consumer import EventSubscriber
from imi_shared.envelope import EventCatalog
from imi_shared.runtime import ServiceRuntime

from ..domain.events import RegisterAdded, RegisterManagingAuthorityChanged
from ..handlers.managed import on_added, on_management_changed


def wire_bus(runtime: ServiceRuntime) -> None:
    ctx = runtime.context
    catalog = EventCatalog(RegisterAdded, RegisterManagingAuthorityChanged)
    EventSubscriber(runtime.broker, runtime.uow, catalog).subscribe(
        runtime.topics.registers_events,
        ctx.managed_consumer,
        {
            RegisterAdded.event_type: on_added,
            RegisterManagingAuthorityChanged.event_type: on_management_changed,
        },
    )
