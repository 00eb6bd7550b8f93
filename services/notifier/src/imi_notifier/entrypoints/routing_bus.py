"""Kafka wiring of the notifier's routing half (thin: event → handler), through the kernel's
idempotent `EventSubscriber`:

- `read_model_handlers(ctx)`: the directory types the recipients read model needs (X-053),
  merged by `bus.wire_bus` into its `imi.directory.events` subscription (`compose`: for a
  type both want, the read model's handler runs first, in the same transaction);
- `wire_routing(runtime)`: `imi.requests.events` (consumer `<db_name>.requests`),
  `imi.alerts.events` (`<db_name>.alerts`) and `imi.retention.events` (`<db_name>.retention`),
  each a group over every partition.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from ..context import NotifierContext
from ..handlers import recipients

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
