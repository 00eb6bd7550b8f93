"""The subscriber of retention's decisions (X-052), every participant's partition: a request
concerns two member states, and a decision on a request held elsewhere changes nothing here."""

from __future__ import annotations

from imi_shared.consumer import EventSubscriber, Scope
from imi_shared.participants import PARTICIPANTS
from imi_shared.runtime import ServiceRuntime

from ..adapters.retention_events import retention_catalog
from ..handlers.retention import handlers


def wire_retention(runtime: ServiceRuntime) -> None:
    ctx = runtime.context
    EventSubscriber(runtime.broker, runtime.uow, retention_catalog()).subscribe(
        runtime.topics.retention_events,
        f"{ctx.settings.db_name}.retention",
        handlers(ctx),
        scope=Scope(PARTICIPANTS),
    )
