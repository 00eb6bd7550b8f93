"""Reads of notifications (operators): who may see one, and the authority's list."""

from __future__ import annotations

from imi_shared.auth import Principal
from imi_shared.clock import now_utc
from imi_shared.errors import Forbidden, NotFound

from ..adapters.notification_repository import NotificationRepository
from ..context import NotifierContext
from ..domain.notification import Notification
from ..domain.notification import mark_read as domain_mark_read

LIST_LIMIT = 100


def _may_see(principal: Principal, n: Notification) -> bool:
    """The recipient, a local data administrator of the recipient's authority, or the
    Commission (helpdesk, X-003)."""
    return (
        principal.is_commission
        or (n.recipient_kind == "user" and principal.user_id == n.recipient_id)
        or (principal.local_data_admin and principal.authority_id == n.authority_id)
    )


async def get_notification(
    ctx: NotifierContext, principal: Principal, notification_id: str
) -> Notification:
    """X-010: a notification the caller may not see is answered as absent (same 404)."""
    outcome = await ctx.uow.run(lambda tx: NotificationRepository(tx).find(notification_id))
    found = outcome.value
    if found is None or not _may_see(principal, found):
        raise NotFound("X-010", f"no notification {notification_id!r}")
    return found


async def list_for_authority(
    ctx: NotifierContext, principal: Principal, authority_id: str
) -> list[Notification]:
    """An authority's notifications: its local data administrators, or the Commission."""
    if not (
        principal.is_commission
        or (principal.local_data_admin and principal.authority_id == authority_id)
    ):
        raise Forbidden("X-054", "only the authority's local data administrators may list these")
    outcome = await ctx.uow.run(
        lambda tx: NotificationRepository(tx).find_where(
            {"authority_id": authority_id}, sort=[("queued_at", -1)], limit=LIST_LIMIT
        )
    )
    return outcome.value or []


async def list_mine(
    ctx: NotifierContext, principal: Principal, state: str, limit: int = LIST_LIMIT
) -> list[Notification]:
    """The caller's own notifications, newest first: `unread`, `read` or `all`; those that
    imply an action carry `action_required` (NOT-006)."""
    where: dict = {"recipient_kind": "user", "recipient_id": principal.user_id}
    if state == "unread":
        where["read_at"] = None
    elif state == "read":
        where["read_at"] = {"$ne": None}
    outcome = await ctx.uow.run(
        lambda tx: NotificationRepository(tx).find_where(
            where, sort=[("queued_at", -1)], limit=min(limit, LIST_LIMIT)
        )
    )
    return outcome.value or []


async def mark_read(ctx: NotifierContext, principal: Principal, notification_id: str):
    """Only its recipient marks a notification read; anyone else gets the 404 of an absent
    one (X-010). Marking it again changes nothing."""
    now = now_utc(ctx.clock)

    async def work(tx) -> Notification:
        repo = NotificationRepository(tx)
        found = await repo.find(notification_id)
        if found is None or not (
            found.recipient_kind == "user" and found.recipient_id == principal.user_id
        ):
            raise NotFound("X-010", f"no notification {notification_id!r}")
        if domain_mark_read(found, now):
            await repo.save(found)
        return found

    return (await ctx.uow.run(work)).value
