"""Kafka wiring of the notifier's routing half (thin: event → handler), through the kernel's
idempotent `EventSubscriber`:

- `read_model_handlers(ctx)`: the directory types the recipients read model needs (X-053),
  merged by `bus.wire_bus` into its `imi.directory.events` subscription (`compose`: for a
  type both want, the read model's handler runs first, in the same transaction);
- `wire_routing(runtime)`: `imi.requests.events` (consumer `<db_name>.requests`),
  `imi.alerts.events` (`<db_name>.alerts`) and `imi.retention.events` (`<db_name>.retention`),
  each over every partition by assignment (`Scope(PARTICIPANTS)`, as the requests and alerts
  services read cross-border topics; no consumer-group join at start).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from imi_shared.consumer import EventSubscriber, Scope
from imi_shared.envelope import EventCatalog
from imi_shared.participants import PARTICIPANTS
from imi_shared.runtime import ServiceRuntime

from ..adapters import alerts_events, requests_events, retention_events
from ..context import NotifierContext
from ..handlers import alerts, recipients, reminders, requests, retention

Handler = Callable[..., Awaitable[None]]


def _bind(ctx: NotifierContext, fn) -> Handler:
    async def handle(event, envelope, tx) -> None:
        await fn(ctx, event, tx)

    return handle


def _bind_sourced(ctx: NotifierContext, fn) -> Handler:
    async def handle(event, envelope, tx) -> None:
        await fn(ctx, event, tx, str(envelope.event_id))

    return handle


def read_model_handlers(ctx: NotifierContext) -> dict[str, Handler]:
    return {
        "user.created": _bind(ctx, recipients.user_created),
        "user.roles_changed": _bind(ctx, recipients.user_roles_changed),
        "user.removed": _bind(ctx, recipients.user_removed),
        "user.locked_out": _bind(ctx, recipients.user_locked_out),
        "user.credentials_reset": _bind(ctx, recipients.user_credentials_reset),
        "authority.registered": _bind(ctx, recipients.authority_registered),
        "authority.data_changed": _bind(ctx, recipients.authority_data_changed),
        "authority.parameters_changed": _bind(ctx, recipients.authority_parameters_changed),
        "authority.access_changed": _bind(ctx, recipients.authority_access_changed),
        "authority.status_changed": _bind(ctx, recipients.authority_status_changed),
        "authority.deleted": _bind(ctx, recipients.authority_deleted),
    }


def compose(first: dict[str, Handler], then: dict[str, Handler]) -> dict[str, Handler]:
    """One handler per type: `first`'s, then `then`'s, in the consumed event's transaction."""
    out = dict(first)
    for event_type, handler in then.items():
        before = out.get(event_type)
        if before is None:
            out[event_type] = handler
            continue

        async def both(event, envelope, tx, a=before, b=handler) -> None:
            await a(event, envelope, tx)
            await b(event, envelope, tx)

        out[event_type] = both
    return out


def _subscribe(runtime, catalog: EventCatalog, topic: str, name: str, handlers) -> None:
    """Every partition, assigned (no group join): a request or an alert concerns users of
    several member states, whatever partition its events are keyed to."""
    subscriber = EventSubscriber(runtime.broker, runtime.uow, catalog)
    subscriber.subscribe(topic, name, handlers, scope=Scope(PARTICIPANTS))


def wire_routing(runtime: ServiceRuntime) -> None:
    ctx: NotifierContext = runtime.context
    topics, db = ctx.settings.topics, ctx.settings.db_name
    _subscribe(
        runtime,
        requests_events.requests_catalog(),
        topics.requests_events,
        f"{db}.requests",
        {
            "request.status_changed": _bind_sourced(ctx, requests.status_changed),
            "request.allocated": _bind_sourced(ctx, requests.allocated),
            "request.split": _bind_sourced(ctx, requests.split),
            "request.message_added": _bind_sourced(ctx, requests.message_added),  # NOT-013
        },
    )
    _subscribe(
        runtime,
        alerts_events.alerts_catalog(),
        topics.alerts_events,
        f"{db}.alerts",
        {t: _bind_sourced(ctx, alerts.alert_event) for t in alerts_events.ROUTED_TYPES},
    )
    _subscribe(
        runtime,
        retention_events.retention_catalog(),
        topics.retention_events,
        f"{db}.retention",
        {
            "case.closure_reminder_due": _bind_sourced(ctx, reminders.closure_reminder_due),
            "user.pd_locked": _bind(ctx, retention.user_pd_gone),  # RET-004
            "user.pd_deleted": _bind(ctx, retention.user_pd_gone),  # RET-004
            "case.pd_deleted": _bind(ctx, retention.case_pd_deleted),  # RET-013
        },
    )
