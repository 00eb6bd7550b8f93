"""Read model of the IMI authorities (X-054), fed by the directory's events: the member
state, status and official name of each (REG-025 for transfers, REG-018 authority names)."""

from __future__ import annotations

from typing import Any

from imi_shared.documents import Documents
from imi_shared.errors import Conflict

from ..domain.register import AuthorityRef

COLLECTION = "authorities"


class Authorities:
    def __init__(self, documents: Documents) -> None:
        self.documents = documents

    @classmethod
    def of(cls, tx) -> Authorities:
        return cls(tx.documents(COLLECTION))

    async def get(self, authority_id: str) -> AuthorityRef | None:
        row = await self.documents.get(authority_id)
        if row is None:
            return None
        return AuthorityRef(row["_id"], row["member_state"], row["status"])

    async def name_of(self, authority_id: str | None) -> str:
        row = None if authority_id is None else await self.documents.get(authority_id)
        return "" if row is None else row.get("official_name", "")

    async def put(self, authority_id: str, **fields: Any) -> None:
        """Create or update the authority's row (a field left out keeps its value)."""
        current = await self.documents.get(authority_id)
        if current is None:
            row = {"_id": authority_id, "status": "unknown", "official_name": "", **fields}
            await self.documents.insert({**row, "version": 1})
            return
        row = {**current, **fields, "version": current["version"] + 1}
        if not await self.documents.replace(row, expected_version=current["version"]):
            raise Conflict("X-054", "the authority row changed meanwhile")  # retried
