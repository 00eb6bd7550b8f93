"""Kafka subscribers of translation (thin: event → handler), through the kernel's idempotent
`EventSubscriber`:
- its own `imi.translation.events`, consumer `<db_name>.names`: the names read model
  (TRL-009);
- `imi.directory.events`, consumer `<db_name>.directory-names`: authorities' informal names
  into the queue (TRL-009, TRL-016);
- `imi.registers.events`, consumer `<db_name>.register-names`: registers' informal names into
  the queue (TRL-009, TRL-016, REG-009).
All read explicit partitions, every participant's, instead of joining a group: a group join
and its rebalance cost seconds at every start (as the directory's projection notes); a second
replica's repeats are dropped by the processed-events markers."""

from __future__ import annotations

from imi_shared.consumer import EventSubscriber, Scope
from imi_shared.envelope import EventCatalog
from imi_shared.participants import PARTICIPANTS
from imi_shared.runtime import ServiceRuntime

from ..adapters import directory_events, register_events
from ..context import TranslationContext
from ..domain.events import PUBLISHED
from ..handlers import owner_names, view

EVERY_PARTITION = Scope(participants=PARTICIPANTS)


def wire_bus(runtime: ServiceRuntime) -> None:
    ctx: TranslationContext = runtime.context

    async def on_name_event(event, envelope, tx) -> None:
        await view.name_changed(event, tx)

    EventSubscriber(runtime.broker, runtime.uow, EventCatalog(*PUBLISHED)).subscribe(
        ctx.settings.topics.translation_events,
        f"{ctx.settings.db_name}.names",
        {cls.event_type: on_name_event for cls in PUBLISHED},
        scope=EVERY_PARTITION,
    )

    topics = ctx.settings.topics
    _owner_names(
        runtime,
        (topics.directory_events, "directory-names"),
        directory_events,
        owner_names.name_from_directory,
    )
    _owner_names(
        runtime,
        (topics.registers_events, "register-names"),
        register_events,
        owner_names.name_from_registers,
    )


def _owner_names(runtime: ServiceRuntime, where: tuple[str, str], events, handle) -> None:
    """Consumer `<db_name>.<name>` of an owner's topic (`where`: topic, name): the owner's
    informal names into the queue; `events` is the narrow models' module (`USED`, `catalog`)."""
    ctx: TranslationContext = runtime.context
    topic, consumer = where

    async def on_owner_event(event, envelope, tx) -> None:
        await handle(ctx, event, tx)

    EventSubscriber(runtime.broker, runtime.uow, events.catalog()).subscribe(
        topic,
        f"{ctx.settings.db_name}.{consumer}",
        {cls.event_type: on_owner_event for cls in events.USED},
        scope=EVERY_PARTITION,
    )
