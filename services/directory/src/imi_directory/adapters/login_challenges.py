"""The positions of the security code asked at login (DIR-093, DIR-147), one pending challenge
per username, single-use and short-lived.

A challenge is stored for any username, known or not, so the challenge endpoint does not tell
which usernames exist. Expired challenges are swept by a TTL index (and refused before that).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from imi_shared.mongo import Transaction

COLLECTION = "login_challenges"
INDEXES = [IndexModel([("expires_at", ASCENDING)], name="expires_at", expireAfterSeconds=0)]


async def ensure_indexes(db: AsyncDatabase) -> None:
    await db[COLLECTION].create_indexes(INDEXES)


class LoginChallenges:
    def __init__(self, tx: Transaction) -> None:
        self._collection = tx.db[COLLECTION]
        self._session = tx.session

    async def put(
        self, username: str, positions: Sequence[int], *, now: datetime, ttl: timedelta
    ) -> None:
        """Replace the username's pending challenge (the latest request wins)."""
        await self._collection.replace_one(
            {"_id": username},
            {"positions": list(positions), "issued_at": now, "expires_at": now + ttl},
            upsert=True,
            session=self._session,
        )

    async def take(self, username: str, *, now: datetime) -> tuple[int, ...]:
        """The pending positions, consumed; () when none is pending or it has expired."""
        document = await self._collection.find_one_and_delete(
            {"_id": username}, session=self._session
        )
        if document is None or document["expires_at"] <= now:
            return ()
        return tuple(int(p) for p in document["positions"])
