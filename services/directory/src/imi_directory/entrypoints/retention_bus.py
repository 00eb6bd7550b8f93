"""The subscriber of retention's user decisions (X-052, RET-004), consumer
`directory.retention`, on the partitions of the participants this deployment serves (a user
is keyed by its authority's member state)."""

from __future__ import annotations

from imi_shared.consumer import EventSubscriber, Scope
from imi_shared.runtime import ServiceRuntime

from ..adapters.retention_events import retention_catalog
from ..handlers.search_projection import refresh_users
from ..handlers.user_retention import handlers


def wire_retention(runtime: ServiceRuntime) -> None:
    EventSubscriber(runtime.broker, runtime.uow, retention_catalog()).subscribe(
        runtime.topics.retention_events,
        f"{runtime.topics.prefix}directory.retention",
        handlers(runtime.context, project_users=refresh_users),  # RET-004: DIR-134 copy too
        scope=Scope(participants=tuple(runtime.settings.scope)),
    )
