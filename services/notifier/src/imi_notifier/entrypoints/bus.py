"""Kafka subscribers of the notifier (thin: event → handler), through the kernel's idempotent
`EventSubscriber`: `imi.directory.events`, consumer `<db_name>.directory`, over every
partition by assignment (`user.created`, `authority.status_changed`; X-053), plus the recipients
read model's directory types and the routing subscriptions (`routing_bus`)."""

from __future__ import annotations

from imi_shared.consumer import EventSubscriber, Scope
from imi_shared.participants import PARTICIPANTS
from imi_shared.runtime import ServiceRuntime

from ..adapters.directory_events import AuthorityStatusChanged, UserCreated, directory_catalog
from ..context import NotifierContext
from ..handlers import directory
from .mail_bus import directory_mail_handlers, wire_registers
from .mail_job import mail_job
from .routing_bus import compose, read_model_handlers, wire_routing


def wire_bus(runtime: ServiceRuntime) -> None:
    ctx: NotifierContext = runtime.context
    if ctx.settings.mail_sender_enabled:
        runtime.add_background(mail_job(ctx))  # the SMTP sender (handlers.mailer)

    async def on_user_created(event, envelope, tx) -> None:
        await directory.user_created(ctx, event, tx, str(envelope.event_id))

    async def on_status_changed(event, envelope, tx) -> None:
        await directory.authority_status_changed(ctx, event, tx)

    EventSubscriber(runtime.broker, runtime.uow, directory_catalog()).subscribe(
        ctx.settings.topics.directory_events,
        f"{ctx.settings.db_name}.directory",
        compose(
            compose(
                read_model_handlers(ctx),
                {
                    UserCreated.event_type: on_user_created,
                    AuthorityStatusChanged.event_type: on_status_changed,
                },
            ),
            directory_mail_handlers(ctx),  # NOT-031..NOT-039
        ),
        scope=Scope(PARTICIPANTS),  # every partition by assignment: no group join at start
    )
    wire_registers(runtime)  # NOT-041, NOT-042
    wire_routing(runtime)  # requests, alerts, retention (NOT-007..030, NOT-043)
