"""Tokens revoked by their holder (POST /auth/logout, X-016): one document per token id (`jti`),
kept until the token would have expired anyway; a TTL index on `expires_at` sweeps them then.

A revoked token is refused by every authenticated directory route (the other services accept a
token until it expires: it is short-lived, see `settings.token_ttl_minutes`).
"""

from __future__ import annotations

from datetime import datetime

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

COLLECTION = "revoked_tokens"
INDEXES = [IndexModel([("expires_at", ASCENDING)], name="expires_at", expireAfterSeconds=0)]


async def ensure_indexes(db: AsyncDatabase) -> None:
    await db[COLLECTION].create_indexes(INDEXES)


class RevokedTokens:
    def __init__(self, db: AsyncDatabase) -> None:
        self._collection = db[COLLECTION]

    async def revoke(self, jti: str, *, user_id: str, expires_at: datetime, now: datetime) -> None:
        """Idempotent: revoking a revoked token changes nothing."""
        await self._collection.update_one(
            {"_id": jti},
            {"$setOnInsert": {"user_id": user_id, "expires_at": expires_at, "revoked_at": now}},
            upsert=True,
        )

    async def is_revoked(self, jti: str) -> bool:
        return await self._collection.find_one({"_id": jti}, {"_id": 1}) is not None
