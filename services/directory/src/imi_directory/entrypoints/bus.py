"""Kafka subscribers of the directory (thin: event → handler)."""

from imi_shared.consumer import EventSubscriber, Scope
from imi_shared.envelope import EventCatalog
from imi_shared.participants import PARTICIPANTS
from imi_shared.runtime import ServiceRuntime

from ..adapters.translation_events import InformalNameTranslated
from ..handlers import name_translations, open_cases
from ..handlers.search_projection import subscribe_search_projection
from .retention_bus import wire_retention

# A request between two states travels on the partition of one of them, so the open-cases
# read model reads every partition, whatever states this deployment serves. Explicit
# partitions (no group rebalancing); a second replica would be deduplicated by the
# processed-events markers of the unit of work.
EVERY_PARTITION = Scope(participants=PARTICIPANTS)


def wire_bus(runtime: ServiceRuntime) -> None:
    """Register the directory's subscribers: the open-cases read model (requests and alerts
    events), the authority-search projection (the directory's own events, DIR-130) and the
    informal names' translations into it (the translation service's events, TRL-009)."""
    subscribe_search_projection(runtime)
    # explicit partitions of the participants this deployment serves (as the projection)
    EventSubscriber(runtime.broker, runtime.uow, EventCatalog(InformalNameTranslated)).subscribe(
        runtime.topics.translation_events,
        name_translations.CONSUMER,
        {InformalNameTranslated.event_type: name_translations.on_name_translated},
        scope=Scope(participants=tuple(runtime.settings.scope)),
    )
    cases = EventSubscriber(runtime.broker, runtime.uow, open_cases.case_catalog())
    handlers = {
        open_cases.RequestStatusChanged.event_type: open_cases.on_request_status_changed,
        open_cases.AlertStatusChanged.event_type: open_cases.on_alert_status_changed,
    }
    name = f"{runtime.topics.prefix}{open_cases.CONSUMER}"
    cases.subscribe(
        runtime.topics.requests_events, f"{name}.requests", handlers, scope=EVERY_PARTITION
    )
    cases.subscribe(runtime.topics.alerts_events, f"{name}.alerts", handlers, scope=EVERY_PARTITION)
    wire_retention(runtime)  # X-052 / RET-004: user.pd_locked, user.pd_deleted
