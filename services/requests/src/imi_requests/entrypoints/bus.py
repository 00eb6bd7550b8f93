"""Kafka subscribers of the requests service (thin: decode through the catalog, hand over)."""

from __future__ import annotations

from imi_shared.batching import BatchPolicy
from imi_shared.consumer import EventSubscriber, Scope
from imi_shared.envelope import EventCatalog
from imi_shared.participants import PARTICIPANTS
from imi_shared.runtime import ServiceRuntime

from ..adapters.directory_events import directory_catalog
from ..adapters.event_messages import RequestAllocated, RequestDeleted, RequestStatusChanged
from ..handlers.directory import HANDLERS as DIRECTORY_HANDLERS
from ..handlers.incoming_list import on_status_changed
from ..handlers.lists import HANDLERS as LIST_HANDLERS
from .periodic import report_deletion_job


def wire_bus(runtime: ServiceRuntime) -> None:
    ctx = runtime.context
    requests = EventSubscriber(runtime.broker, runtime.uow, EventCatalog(RequestStatusChanged))
    requests.subscribe(
        runtime.topics.requests_events,
        ctx.incoming_consumer,
        {RequestStatusChanged.event_type: on_status_changed},
    )
    lists = EventSubscriber(
        runtime.broker,
        runtime.uow,
        EventCatalog(RequestStatusChanged, RequestAllocated, RequestDeleted),
    )
    lists.subscribe(  # §4.12: the action list and the search, from the requests' own events
        runtime.topics.requests_events, ctx.list_consumer, LIST_HANDLERS, batch=BatchPolicy()
    )
    directory = EventSubscriber(runtime.broker, runtime.uow, directory_catalog())
    directory.subscribe(  # every participant's authorities: requests cross borders
        runtime.topics.directory_events,
        ctx.directory_consumer,
        DIRECTORY_HANDLERS,
        scope=Scope(PARTICIPANTS),
    )
    runtime.add_background(report_deletion_job(ctx))  # REQ-098
