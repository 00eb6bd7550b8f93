"""Kafka subscribers of the registers service (thin: decode through the catalog, hand over)."""

from __future__ import annotations

from imi_shared.consumer import EventSubscriber, Scope
from imi_shared.envelope import EventCatalog
from imi_shared.runtime import ServiceRuntime

from ..adapters.directory_events import directory_catalog
from ..adapters.translation_events import InformalNameTranslated, translation_catalog
from ..domain.events import PUBLISHED
from ..handlers import directory, managed, translations


def wire_bus(runtime: ServiceRuntime) -> None:
    ctx = runtime.context
    topics = runtime.topics
    scope = Scope(participants=tuple(runtime.settings.scope))  # IMI_MEMBER_STATES
    EventSubscriber(runtime.broker, runtime.uow, EventCatalog(*PUBLISHED)).subscribe(
        topics.registers_events, ctx.managed_consumer, managed.HANDLERS, scope=scope
    )
    # the authorities read model (REG-025 transfers, REG-018 authority names)
    EventSubscriber(runtime.broker, runtime.uow, directory_catalog()).subscribe(
        topics.directory_events, ctx.consumer("authorities"), directory.HANDLERS, scope=scope
    )
    # TRL-009/TRL-011: translated informal names into the search read model
    EventSubscriber(runtime.broker, runtime.uow, translation_catalog()).subscribe(
        topics.translation_events,
        ctx.consumer("name-translations"),
        {InformalNameTranslated.event_type: translations.on_name_translated},
        scope=scope,
    )
