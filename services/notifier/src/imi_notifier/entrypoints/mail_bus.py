"""Kafka wiring of the directory and register messages (NOT-031..NOT-042): the directory
types, merged into `bus.wire_bus`'s `imi.directory.events` subscription after the read
model's handlers (`routing_bus.compose`), and `imi.registers.events` (consumer
`<db_name>.registers`, every partition by assignment)."""

from __future__ import annotations

from imi_shared.consumer import EventSubscriber, Scope
from imi_shared.participants import PARTICIPANTS
from imi_shared.runtime import ServiceRuntime

from ..adapters.mail_events import registers_catalog
from ..context import NotifierContext
from ..handlers import directory_mail, registers


def _sourced(ctx: NotifierContext, fn):
    async def handle(event, envelope, tx) -> None:
        await fn(ctx, event, tx, str(envelope.event_id))

    return handle


def directory_mail_handlers(ctx: NotifierContext) -> dict:
    return {
        "invitation.dispatch_due": _sourced(ctx, directory_mail.invitation_dispatch_due),
        "invitation.reminder_due": _sourced(ctx, directory_mail.invitation_reminder_due),
        "invitation.status_changed": _sourced(ctx, directory_mail.invitation_status_changed),
        "invitation.daily_limit_exceeded": _sourced(ctx, directory_mail.invitations_blocked),
        "authority.registered": _sourced(ctx, directory_mail.authority_registered),
        "authority.status_changed": _sourced(ctx, directory_mail.authority_status_changed),
        "user.credentials_reset": _sourced(ctx, directory_mail.user_credentials_reset),
        "coordinator.mailing_sent": _sourced(ctx, directory_mail.coordinator_mailing_sent),
    }


def wire_registers(runtime: ServiceRuntime) -> None:
    ctx: NotifierContext = runtime.context
    EventSubscriber(runtime.broker, runtime.uow, registers_catalog()).subscribe(
        ctx.settings.topics.registers_events,
        f"{ctx.settings.db_name}.registers",
        {
            "register.added": _sourced(ctx, registers.register_added),
            "register.deleted": _sourced(ctx, registers.register_deleted),
            "register.managing_authority_changed": _sourced(
                ctx, registers.managing_authority_changed
            ),
        },
        scope=Scope(PARTICIPANTS),  # every partition by assignment, as the other subscriptions
    )
