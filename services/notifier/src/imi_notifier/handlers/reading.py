"""Reads of notifications (operators): who may see one, and the authority's list."""

from __future__ import annotations

from imi_shared.auth import Principal
from imi_shared.errors import Forbidden, NotFound

from ..adapters.notification_repository import NotificationRepository
from ..context import NotifierContext
from ..domain.notification import Notification

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
