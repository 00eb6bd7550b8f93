"""Throttle counters of login attempts in MongoDB (issue 9 item 3), shared by every replica.

One document per key: `{_id: key, attempts, last_at, expires_at, version}`. Keys are digests
(`handlers/login_throttle.py`): no username or client address is stored in clear. Writes are
compare-and-set on `version`, so concurrent attempts on several replicas are serialised; a TTL
index on `expires_at` sweeps forgotten counters (they are also ignored before that).
"""

from __future__ import annotations

from datetime import datetime

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from ..domain.login_throttle import Counter

COLLECTION = "login_throttle"
INDEXES = [IndexModel([("expires_at", ASCENDING)], name="expires_at", expireAfterSeconds=0)]


async def ensure_indexes(db: AsyncDatabase) -> None:
    await db[COLLECTION].create_indexes(INDEXES)


class MongoThrottleStore:
    """`ThrottleStore` port: `load(key) -> (counter, version)` (version 0: no document) and
    `store(key, counter, expected=, expires_at=) -> bool` (False: someone else wrote first)."""

    def __init__(self, db: AsyncDatabase) -> None:
        self._collection = db[COLLECTION]

    async def load(self, key: str) -> tuple[Counter, int]:
        document = await self._collection.find_one({"_id": key})
        if document is None:
            return Counter(), 0
        counter = Counter(int(document["attempts"]), document["last_at"])
        return counter, int(document["version"])

    async def store(
        self, key: str, counter: Counter, *, expected: int, expires_at: datetime | None
    ) -> bool:
        if counter.attempts == 0 or expires_at is None:  # nothing to remember: no document
            if expected == 0:
                return True
            deleted = await self._collection.delete_one({"_id": key, "version": expected})
            return deleted.deleted_count == 1
        fields = {
            "attempts": counter.attempts,
            "last_at": counter.last_at,
            "expires_at": expires_at,
        }
        if expected == 0:
            try:
                await self._collection.insert_one({"_id": key, "version": 1, **fields})
            except DuplicateKeyError:
                return False
            return True
        updated = await self._collection.update_one(
            {"_id": key, "version": expected}, {"$set": {**fields, "version": expected + 1}}
        )
        return updated.modified_count == 1
