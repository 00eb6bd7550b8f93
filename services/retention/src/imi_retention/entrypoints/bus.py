"""Kafka subscribers of retention (thin: event → handler), through the kernel's idempotent
`EventSubscriber`, each on the partitions of the deployment's member states (IMI_MEMBER_STATES,
`ALL` by default; assigned partitions, no group join, as the other services' subscriptions)
(X-029): `imi.alerts.events` (`<db_name>.alerts`), `imi.requests.events` (`<db_name>.requests`),
`imi.directory.events` (`<db_name>.directory`)."""

from __future__ import annotations

from imi_shared.consumer import EventSubscriber, Scope
from imi_shared.runtime import ServiceRuntime

from ..adapters import directory_events as d
from ..adapters import requests_events as rq
from ..adapters.alerts_events import AlertStatusChanged, alerts_catalog
from ..context import RetentionContext
from ..handlers import closure, directory
from .jobs import register_jobs


def wire_bus(runtime: ServiceRuntime) -> None:
    ctx: RetentionContext = runtime.context
    register_jobs(runtime)
    name, topics = ctx.settings.db_name, ctx.settings.topics
    scope = Scope(participants=tuple(ctx.settings.scope))  # a state's cases on its partition

    async def on_alert(event, envelope, tx) -> None:
        # the alert's member state is its envelope's (the launching state's partition)
        await closure.alert_status_changed(ctx, event, envelope.member_state, tx)

    EventSubscriber(runtime.broker, runtime.uow, alerts_catalog()).subscribe(
        topics.alerts_events,
        f"{name}.alerts",
        {AlertStatusChanged.event_type: on_alert},
        scope=scope,
    )

    async def on_request(event, envelope, tx) -> None:
        await closure.request_status_changed(ctx, event, envelope.occurred_at, tx)

    async def on_deleted(event, envelope, tx) -> None:
        await closure.request_deleted(ctx, event, envelope.occurred_at, tx)

    async def on_report(event, envelope, tx) -> None:
        await closure.report_generated(ctx, event, envelope.occurred_at, envelope.member_state, tx)

    EventSubscriber(runtime.broker, runtime.uow, rq.requests_catalog()).subscribe(
        topics.requests_events,
        f"{name}.requests",
        {
            rq.RequestStatusChanged.event_type: on_request,
            rq.RequestDeleted.event_type: on_deleted,
            rq.RequestReportGenerated.event_type: on_report,
        },
        scope=scope,
    )

    def call(handler):
        async def on_event(event, envelope, tx) -> None:
            await handler(ctx, event, tx)

        return on_event

    EventSubscriber(runtime.broker, runtime.uow, d.directory_catalog()).subscribe(
        topics.directory_events,
        f"{name}.directory",
        {
            d.UserCreated.event_type: call(directory.user_created),
            d.UserRemoved.event_type: call(directory.user_removed),
            d.AuthorityStatusChanged.event_type: call(directory.authority_status_changed),
            d.InvitationStatusChanged.event_type: call(directory.invitation_status_changed),
        },
        scope=scope,
    )
