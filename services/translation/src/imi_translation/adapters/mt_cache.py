"""Cached machine translations (collection `mt_cache`), keyed by the text's SHA-256, the pair
and the engine: asking twice costs the engine once. The key holds a hash, never the text.

Only texts free of personal data are cached [DESIGN]: a translation of personal data (sent to
a trusted engine) would otherwise outlive the case it belongs to (RET). Entries expire after
`mt_cache_days` (TTL index on `expire_at`, `ensure_cache_index` at start).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

CACHE = "mt_cache"


def cache_key(text: str, source: str, target: str, engine: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"{engine}:{source}:{target}:{digest}"


class MtCache:
    def __init__(self, tx) -> None:
        self.rows = tx.documents(CACHE)

    async def get(self, key: str, now: datetime) -> str | None:
        row = await self.rows.get(key)
        if row is None or row["expire_at"] <= now:
            return None
        return row["translated"]

    async def put(self, key: str, translated: str, now: datetime, days: int) -> None:
        row = {"_id": key, "translated": translated, "at": now}
        row["expire_at"] = now + timedelta(days=days)
        current = await self.rows.get(key)
        if current is None:
            await self.rows.insert({**row, "version": 1})
        else:
            await self.rows.replace(
                {**row, "version": current["version"] + 1}, expected_version=current["version"]
            )


async def ensure_cache_index(db) -> None:
    await db[CACHE].create_index("expire_at", expireAfterSeconds=0)
