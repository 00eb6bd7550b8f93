"""Queue notifications inside the consumer's (or job's) transaction, idempotently.

    queued = await queue_notifications(ctx, tx, [n1, n2, ...])

For each notification not recorded yet (same deterministic id = same source event, code and
recipient): the notification, its mail outbox row and `notification.queued` go into `tx`, so
they commit with the consumer's processed-event marker. One already there is skipped: a
redelivered event or a job run twice queues nothing new. Only recipients of the member
states this deployment serves (`IMI_MEMBER_STATES`) are queued: another deployment sees the
same event and mails its own (never twice). Returns the newly queued ones.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..adapters.mail_outbox import MailRows
from ..adapters.notification_repository import NotificationRepository
from ..domain.notification import Notification, queued


async def queue_notifications(ctx, tx, notifications: Sequence[Notification]) -> list[Notification]:
    repo, rows = NotificationRepository(tx), MailRows(tx)
    fresh: list[Notification] = []
    seen: set[str] = set()
    served = frozenset(ctx.settings.scope)
    for n in notifications:
        if n.member_state not in served:
            continue
        # check first: a duplicate-key error would abort the whole MongoDB transaction
        if n.notification_id in seen or await repo.find(n.notification_id) is not None:
            continue
        seen.add(n.notification_id)
        await repo.add(n)
        await rows.add(n.notification_id, n.code, n.member_state, n.queued_at)
        fresh.append(n)
    if fresh:
        ctx.publisher.emit(tx, [queued(n) for n in fresh])
    return fresh
