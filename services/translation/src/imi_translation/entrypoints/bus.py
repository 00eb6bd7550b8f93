"""Kafka subscribers of translation (thin: event → handler), through the kernel's idempotent
`EventSubscriber`: its own `imi.translation.events`, consumer `<db_name>.names`, as a
group over every partition: the names read model (TRL-009)."""

from __future__ import annotations

from imi_shared.consumer import EventSubscriber
from imi_shared.envelope import EventCatalog
from imi_shared.runtime import ServiceRuntime

from ..context import TranslationContext
from ..domain.events import PUBLISHED
from ..handlers import view


def wire_bus(runtime: ServiceRuntime) -> None:
    ctx: TranslationContext = runtime.context

    async def on_name_event(event, envelope, tx) -> None:
        await view.name_changed(event, tx)

    EventSubscriber(runtime.broker, runtime.uow, EventCatalog(*PUBLISHED)).subscribe(
        ctx.settings.topics.translation_events,
        f"{ctx.settings.db_name}.names",
        {cls.event_type: on_name_event for cls in PUBLISHED},
    )
