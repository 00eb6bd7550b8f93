"""The mail outbox (collection `mail_outbox`): one row per notification, written in the
transaction that queues the notification, so a message accepted from the bus is never lost
and, the row's id being the notification's, never queued twice.

A row is `pending` (with `next_attempt_at`), `sent`, `dead` (after `max_attempts`
failures: operators list and requeue it) or `undeliverable` (no address any more, NOT-005).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..domain.mail_state import PENDING

MAIL_OUTBOX = "mail_outbox"


def mail_row(notification_id: str, code: str, member_state: str, now: datetime) -> dict[str, Any]:
    return {
        "_id": notification_id,
        "version": 1,
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

    async def due(self, now: datetime, limit: int) -> list[dict[str, Any]]:
        """Pending rows whose next attempt has come, oldest first."""
        return await self.rows.find(
            {"status": PENDING, "next_attempt_at": {"$lte": now}},
            sort=[("next_attempt_at", 1), ("_id", 1)],
            limit=limit,
        )

    async def with_status(self, status: str, limit: int) -> list[dict[str, Any]]:
        return await self.rows.find({"status": status}, sort=[("_id", 1)], limit=limit)

    async def update(self, row: dict[str, Any], changes: dict[str, Any]) -> bool:
        """Apply `changes` if the row is still at the version read (False otherwise)."""
        version = row["version"]
        return await self.rows.replace(
            {**row, **changes, "version": version + 1}, expected_version=version
        )


async def mark(uow, row: dict[str, Any], changes: dict[str, Any]) -> bool:
    """One row's new state, at once and outside any transaction on MongoDB (a single-document
    update is atomic): a row a crashed sender's open transaction still holds fails fast
    instead of retrying for seconds. On the kernel's fake unit of work, through `update`."""
    db = getattr(uow, "db", None)
    if db is None:
        return bool((await uow.run(lambda tx: MailRows(tx).update(row, changes))).value)
    version = row["version"]
    result = await db[MAIL_OUTBOX].update_one(
        {"_id": row["_id"], "version": version}, {"$set": {**changes, "version": version + 1}}
    )
    return result.matched_count == 1
