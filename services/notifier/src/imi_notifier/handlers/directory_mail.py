"""Directory events → the directory's messages (NOT-031..NOT-040), queued in the consumed
event's transaction after the recipients read model's own handler (`routing_bus.compose`).

Scheduling (NOT-044, NOT-045) is the directory's night batch (DIR-052, DIR-065, DIR-066): it
dispatches invitations with the 10:00 cut-off, never selects blocked ones, and announces the
5-day code-expiry reminders; the notifier turns each announcement into its mail. Every
handler takes the event id (`source_id`): a redelivery queues nothing new.
"""

from __future__ import annotations

from imi_shared.clock import now_utc

from ..adapters import mail_events as mev
from ..adapters import recipient_events as rev
from ..adapters.directory_events import AuthorityStatusChanged
from ..adapters.recipients import RecipientBook
from ..domain import directory_messages as msg
from .queueing import queue_notifications

DATA_ADMIN = "data_admin"
AWAITING_VALIDATION = "registered_awaiting_validation"
VALIDATED = ("registration_requested", "active")  # NOT-035: a self-registration validated


async def _coordinator(tx, coordinator_id: str) -> tuple[dict, str | None]:
    doc = await tx.documents("recipient_authorities").get(coordinator_id) or {}
    languages = doc.get("languages") or [doc.get("language")]
    return doc, languages[0] if languages else None


async def _first_user_language(tx, authority_id: str) -> str | None:
    """NOT-002 [INFERRED]: the authority's first user's language, else its first spoken one."""
    doc = await tx.documents("recipient_authorities").get(authority_id) or {}
    languages = doc.get("languages") or [None]
    return doc.get("first_user_language") or languages[0]


async def invitation_dispatch_due(ctx, event: mev.InvitationDispatchDue, tx, source_id: str):
    """NOT-031: to the invited address, in the coordinator's language [INFERRED: the event
    names no submitting user, so the coordinator authority's first spoken language]."""
    doc, language = await _coordinator(tx, event.coordinator_id)
    n = msg.invitation(source_id, event, doc, language, now_utc(ctx.clock))
    return await queue_notifications(ctx, tx, [n])


async def invitation_reminder_due(ctx, event: mev.InvitationReminderDue, tx, source_id: str):
    """NOT-032: the reminder, 5 days before the code expires (NOT-045)."""
    _, language = await _coordinator(tx, event.coordinator_id)
    n = msg.invitation_reminder(source_id, event, language, now_utc(ctx.clock))
    return await queue_notifications(ctx, tx, [n])


async def invitation_status_changed(ctx, event: mev.InvitationStatusChanged, tx, source_id: str):
    """NOT-034: a registration awaiting validation → the inviting coordinator's DAs."""
    if event.new_status != AWAITING_VALIDATION:
        return []
    admins = await RecipientBook(tx).users_with_role(event.coordinator_id, [DATA_ADMIN])
    now = now_utc(ctx.clock)
    return await queue_notifications(
        ctx, tx, [msg.validation_required(source_id, event, user, now) for user in admins]
    )


async def authority_registered(ctx, event: rev.AuthorityRegistered, tx, source_id: str):
    """NOT-033: a self-registration's summary to the new authority's address (no username)."""
    await RecipientBook(tx).put_authority(event.authority_id, name=event.official_name)
    if not event.self_registered:
        return []
    language = await _first_user_language(tx, event.authority_id)
    n = msg.self_registration_confirmed(source_id, event, language, now_utc(ctx.clock))
    return await queue_notifications(ctx, tx, [n])


async def authority_status_changed(ctx, event: AuthorityStatusChanged, tx, source_id: str):
    """NOT-035: a self-registered authority validated → its address has access."""
    if (event.old_status, event.new_status) != VALIDATED:
        return []
    language = await _first_user_language(tx, event.authority_id)
    n = msg.access_granted(source_id, event, language, now_utc(ctx.clock))
    return await queue_notifications(ctx, tx, [n])


async def user_credentials_reset(ctx, event: rev.UserCredentialsReset, tx, source_id: str):
    """NOT-038: the new temporary password, to the user's own address only."""
    user = await RecipientBook(tx).user(event.user_id)
    if user is None:
        return []
    n = msg.password_reset(source_id, user, event.temporary_password, now_utc(ctx.clock))
    return await queue_notifications(ctx, tx, [n])


async def invitations_blocked(ctx, event: mev.InvitationsBlocked, tx, source_id: str):
    """NOT-039: the Commission helpdesk's address (`settings.helpdesk_email`)."""
    n = msg.invitations_blocked(source_id, event, ctx.settings.helpdesk_id, now_utc(ctx.clock))
    return await queue_notifications(ctx, tx, [n])


async def coordinator_mailing_sent(ctx, event: mev.CoordinatorMailingSent, tx, source_id: str):
    """NOT-040: one mail per selected authority, to its registered address (NOT-002)."""
    coordinator, _ = await _coordinator(tx, event.coordinator_id)
    name = coordinator.get("name") or event.coordinator_id
    now = now_utc(ctx.clock)
    notifications = []
    for authority_id in event.authority_ids:
        doc = await tx.documents("recipient_authorities").get(authority_id) or {}
        notifications.append(
            msg.coordinator_mailing(source_id, event, authority_id, doc, name, now)
        )
    return await queue_notifications(ctx, tx, notifications)
