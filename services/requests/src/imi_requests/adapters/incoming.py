"""The responding side's read model of incoming requests, fed by `request.status_changed`.

One document per request addressed to an authority: ids, LA and status only -- before
acceptance the responding authority sees no personal data (X-011), and none travels anyway.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from imi_shared.documents import Documents
from imi_shared.errors import Conflict

COLLECTION = "incoming_requests"


class IncomingRequests:
    def __init__(self, documents: Documents) -> None:
        self.documents = documents

    @classmethod
    def of(cls, tx) -> IncomingRequests:
        return cls(tx.documents(COLLECTION))

    async def record(self, row: dict[str, Any], received_at: datetime) -> None:
        """Insert or update the row of `row["request_id"]` (last status wins)."""
        current = await self.documents.get(row["request_id"])
        document = {"_id": row["request_id"], **row, "received_at": received_at}
        if current is None:
            await self.documents.insert({**document, "version": 1})
            return
        document["received_at"] = current["received_at"]
        if not await self.documents.replace(
            {**document, "version": current["version"] + 1}, expected_version=current["version"]
        ):
            raise Conflict("X-051", "the read-model row changed meanwhile")  # retried

    async def of_authority(self, authority_id: str, limit: int = 100) -> list[dict[str, Any]]:
        rows = await self.documents.find(
            {"responding_authority_id": authority_id},
            sort=[("received_at", -1), ("_id", 1)],
            limit=limit,
        )
        return [{k: v for k, v in row.items() if k not in ("_id", "version")} for row in rows]
