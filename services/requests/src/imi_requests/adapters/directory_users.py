"""`directory_users`: this deployment's read model of the directory's users for the requests
workflow (X-054), fed by user.created / user.roles_changed / user.removed. One document per
user: `{_id, authority_id, member_state, removed, roles: [{role, la_code}]}` (the requests
workflow's roles only; never a name or an e-mail: no personal data here)."""

from __future__ import annotations

from typing import Any

from imi_shared.documents import Documents
from imi_shared.errors import Conflict

COLLECTION = "directory_users"


class DirectoryUsers:
    def __init__(self, documents: Documents) -> None:
        self.documents = documents

    @classmethod
    def of(cls, tx) -> DirectoryUsers:
        return cls(tx.documents(COLLECTION))

    async def roles_of(self, user_id: str, authority_id: str, la_code: str) -> frozenset[str]:
        """The user's request-workflow roles in `la_code` at `authority_id` (none when the user
        is unknown, removed or of another authority)."""
        doc = await self.documents.get(user_id)
        if doc is None or doc.get("removed") or doc.get("authority_id") != authority_id:
            return frozenset()
        return frozenset(r["role"] for r in doc.get("roles", ()) if r.get("la_code") == la_code)

    async def put(self, user_id: str, fields: dict[str, Any]) -> None:
        """Insert or update the user's row (a version conflict retries the event)."""
        current = await self.documents.get(user_id)
        if current is None:
            await self.documents.insert({"_id": user_id, "removed": False, **fields, "version": 1})
            return
        document = {**current, **fields, "version": current["version"] + 1}
        if not await self.documents.replace(document, expected_version=current["version"]):
            raise Conflict("X-054", "the users read model changed meanwhile")
