"""Directory events → recipients read model and notifications (X-053, NOT-005, NOT-036)."""

from __future__ import annotations

from imi_shared.clock import now_utc
from imi_shared.sealing import SealedValue, Sealer, SealingError

from ..adapters.directory_events import AuthorityStatusChanged, UserCreated
from ..adapters.recipients import RecipientBook
from ..context import NotifierContext
from ..domain.notification import Recipient, for_user, may_receive, welcome
from .queueing import queue_notifications

TEMP_PASSWORD = "N_DIR_TEMP_PASSWORD"  # NOT-037


async def user_created(ctx: NotifierContext, event: UserCreated, tx, source_id: str) -> str | None:
    """Record the user as a recipient and queue their welcome (NOT-036); its id, or None
    when the user's authority gets no messages (NOT-005)."""
    book = RecipientBook(tx)
    recipient = Recipient(
        event.user_id, event.authority_id, event.member_state, event.main_language
    )
    await book.put_user(recipient, await _email(ctx.sealer, event.personal_data))
    if event.first_user:  # NOT-002: the language of the authority's own messages
        await book.put_authority(event.authority_id, first_user_language=event.main_language)
    if not may_receive(await book.authority_status(event.authority_id)):
        return None
    now = now_utc(ctx.clock)
    notification = welcome(source_id, recipient, now)
    batch = [notification]
    if event.temporary_password is not None:  # NOT-037: within 48 h, to the user only
        first = {"first_user": "true"} if event.first_user else {}
        batch.append(
            for_user(
                source_id,
                TEMP_PASSWORD,
                recipient,
                now,
                params=first,
                secret=event.temporary_password,
            )
        )
    await queue_notifications(ctx, tx, batch)
    return notification.notification_id


async def authority_status_changed(ctx: NotifierContext, event: AuthorityStatusChanged, tx) -> None:
    """NOT-005: the authority's status decides whether its users are still messaged."""
    await RecipientBook(tx).put_authority_status(event.authority_id, event.new_status)


async def _email(sealer: Sealer, sealed: SealedValue) -> str:
    """The user's e-mail, the one personal field the notifier needs (the names stay sealed).
    A shredded key (RET-004) raises `KeyShredded`: the event cannot be delivered any more."""
    personal = await sealer.unseal(sealed)
    if not isinstance(personal, dict) or not isinstance(personal.get("email"), str):
        raise SealingError("user.created: the sealed personal data holds no e-mail")
    return personal["email"]
