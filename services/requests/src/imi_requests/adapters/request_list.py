"""`request_list`: one row per request, kept from `imi.requests.events` (§4.12), over the
`Documents` port (MongoDB, or the handler tests' fake). The rows' shape is
`domain.list_rows`; this module only reads and writes them under their versions."""

from __future__ import annotations

from typing import Any

from imi_shared.documents import Documents
from imi_shared.errors import Conflict

COLLECTION = "request_list"
_HIDDEN = ("_id", "version", "party_ids", "sent_party_ids", "open")
MAX_ROWS = 1000  # an action list or a search page reads at most this many rows per query


class RequestList:
    def __init__(self, documents: Documents) -> None:
        self.documents = documents

    @classmethod
    def of(cls, tx) -> RequestList:
        return cls(tx.documents(COLLECTION))

    async def get(self, request_id: str) -> dict[str, Any] | None:
        return await self.documents.get(request_id)

    async def put(self, row: dict[str, Any], current: dict[str, Any] | None) -> None:
        """Insert the row, or replace `current` (as read in this transaction) under its
        version (a concurrent change retries)."""
        document = {k: v for k, v in row.items() if k != "version"}
        document["_id"] = row["request_id"]
        if current is None:
            await self.documents.insert({**document, "version": 1})
        elif not await self.documents.replace(
            {**document, "version": current["version"] + 1}, expected_version=current["version"]
        ):
            raise Conflict("X-051", "the list row changed meanwhile")

    async def remove(self, request_id: str) -> None:
        current = await self.documents.get(request_id)
        if current is not None:
            await self.documents.delete(request_id, expected_version=current["version"])

    async def awaiting(self, authority_id: str, limit: int = MAX_ROWS) -> list[dict[str, Any]]:
        """REQ-092: the rows waiting for an action of `authority_id`, oldest action first."""
        return await self.documents.find(
            {"awaiting_authority_id": authority_id},
            sort=[("last_action_at", 1), ("_id", 1)],
            limit=limit,
        )

    async def find(self, where: dict[str, Any], limit: int) -> list[dict[str, Any]]:
        """Newest action first."""
        return await self.documents.find(
            where, sort=[("last_action_at", -1), ("_id", 1)], limit=min(limit, MAX_ROWS)
        )


def public(row: dict[str, Any]) -> dict[str, Any]:
    """The row as an API answer (the query helpers' fields left out)."""
    return {k: v for k, v in row.items() if k not in _HIDDEN}
