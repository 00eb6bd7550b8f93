"""Kafka subscribers of the requests service (thin: decode through the catalog, hand over)."""

from __future__ import annotations

from imi_shared.batching import BatchPolicy
from imi_shared.consumer import EventSubscriber, Scope
from imi_shared.envelope import EventCatalog
from imi_shared.participants import PARTICIPANTS
from imi_shared.runtime import ServiceRuntime

from ..adapters.directory_events import directory_catalog
from ..adapters.event_messages import RequestAllocated, RequestDeleted, RequestStatusChanged
from ..adapters.relay_messages import RELAYED
from ..handlers import derogations, lists
from ..handlers.directory import telling
from ..handlers.relay_apply import relay_handlers
from .periodic import report_deletion_job
from .retention_bus import wire_retention


def wire_bus(runtime: ServiceRuntime) -> None:
    ctx = runtime.context
    own_events = EventSubscriber(
        runtime.broker,
        runtime.uow,
        EventCatalog(RequestStatusChanged, RequestAllocated, RequestDeleted),
    )
    # §4.12 lists (and REQ-023's incoming list) and §4.14 deliveries, from the own events
    own_events.subscribe(
        runtime.topics.requests_events, ctx.list_consumer, _own_handlers(), batch=BatchPolicy()
    )
    directory = EventSubscriber(runtime.broker, runtime.uow, directory_catalog())
    directory.subscribe(  # every participant's authorities: requests cross borders
        runtime.topics.directory_events,
        ctx.directory_consumer,
        telling(ctx.directory_cache),
        scope=Scope(PARTICIPANTS),
    )
    relay = EventSubscriber(runtime.broker, runtime.uow, EventCatalog(*RELAYED))
    relay.subscribe(  # X-001: only this deployment's states' partitions
        runtime.topics.requests_events,
        ctx.relay_consumer,
        relay_handlers(ctx),
        scope=Scope(ctx.settings.scope),
        batch=BatchPolicy(),  # issue 12: the other request events skipped a poll at a time
    )
    runtime.add_background(report_deletion_job(ctx))  # REQ-098
    wire_retention(runtime)  # case.locked / case.pd_deleted


def _own_handlers() -> dict:
    async def on_status_changed(event, envelope, tx) -> None:
        await lists.on_status_changed(event, envelope, tx)
        await derogations.on_status_changed(event, envelope, tx)  # REQ-122: delivered

    return {**lists.HANDLERS, RequestStatusChanged.event_type: on_status_changed}
