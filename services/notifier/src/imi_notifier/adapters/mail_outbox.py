"""The mail outbox (collection `mail_outbox`): one row per notification, written in the
transaction that queues the notification, so a message accepted from the bus is never lost
and, the row's id being the notification's, never queued twice.

A row is `pending` (with `next_attempt_at`), `sent`, `dead` (after `max_attempts`
failures: operators list and requeue it) or `undeliverable` (no address any more, NOT-005).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

MAIL_OUTBOX = "mail_outbox"
PENDING, SENT, DEAD, UNDELIVERABLE = "pending", "sent", "dead", "undeliverable"


def mail_row(notification_id: str, code: str, member_state: str, now: datetime) -> dict[str, Any]:
    return {
        "_id": notification_id,
        "code": code,
        "member_state": member_state,
        "status": PENDING,
        "attempts": 0,
        "queued_at": now,
        "next_attempt_at": now,
        "last_error": None,
        "sent_at": None,
    }


class MailRows:
    """The outbox rows inside a unit of work (the `Documents` port: fakes work too)."""

    def __init__(self, tx) -> None:
        self.rows = tx.documents(MAIL_OUTBOX)

    async def add(self, notification_id: str, code: str, member_state: str, now: datetime):
        await self.rows.insert(mail_row(notification_id, code, member_state, now))

    async def get(self, notification_id: str) -> dict[str, Any] | None:
        return await self.rows.get(notification_id)
