"""Retention's PD facts obeyed by the notifier's read models (RET-004, RET-012, RET-013).

- `user.pd_locked` / `user.pd_deleted` (RET-004): the recipients read model drops the user's
  e-mail (it keeps no name) and marks the user removed, so no mail is resolved to it again;
- `case.pd_deleted` (RET-013): the notifications of that case drop any sealed value they hold
  (`secret`; a request's or an alert's notification normally holds none, NOT-001, and a
  sealed value dies with the shredded key anyway). Mails already sent are out of scope.
"""

from __future__ import annotations

from ..adapters.notification_repository import NotificationRepository
from ..adapters.recipients import RecipientBook
from ..adapters.retention_events import CasePdDeleted, UserPdDeleted, UserPdLocked


async def user_pd_gone(ctx, event: UserPdLocked | UserPdDeleted, tx) -> None:
    """RET-004 (lock: locked PD is used for nothing, RET-012; delete: it is gone)."""
    await RecipientBook(tx).forget_user_pd(event.user_id)


async def case_pd_deleted(ctx, event: CasePdDeleted, tx) -> int:
    """RET-013: returns how many notifications of the case lost a sealed value."""
    repo = NotificationRepository(tx)
    link = f"/{event.case_type}s/{event.case_id}"  # `domain.routes.to_notifications`
    dropped = 0
    for notification in await repo.find_where({"link": link}):
        if notification.case_type != event.case_type or notification.secret is None:
            continue
        notification.secret = None
        await repo.save(notification)
        dropped += 1
    return dropped
