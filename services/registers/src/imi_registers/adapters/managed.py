"""Read model: which registers each authority manages (REG-026: an authority managing a
register must not go inactive), fed by `register.added`,
`register.managing_authority_changed` and `register.deleted`."""

from __future__ import annotations

from typing import Any

from imi_shared.documents import Documents
from imi_shared.errors import Conflict

COLLECTION = "managed_registers"


class ManagedRegisters:
    def __init__(self, documents: Documents) -> None:
        self.documents = documents

    @classmethod
    def of(cls, tx) -> ManagedRegisters:
        return cls(tx.documents(COLLECTION))

    async def manage(self, register_id: str, member_state: str, authority_id: str) -> None:
        row = {
            "_id": register_id,
            "member_state": member_state,
            "managing_authority_id": authority_id,
        }
        current = await self.documents.get(register_id)
        if current is None:
            await self.documents.insert({**row, "version": 1})
        else:
            if not await self.documents.replace(
                {**row, "version": current["version"] + 1}, expected_version=current["version"]
            ):
                raise Conflict("REG-026", "the read-model row changed meanwhile")  # retried

    async def forget(self, register_id: str) -> None:
        """REG-015: a deleted register is managed by nobody."""
        current = await self.documents.get(register_id)
        if current is not None:
            await self.documents.delete(register_id, expected_version=current["version"])

    async def of_authority(self, authority_id: str, limit: int = 500) -> list[dict[str, Any]]:
        rows = await self.documents.find(
            {"managing_authority_id": authority_id}, sort=[("_id", 1)], limit=limit
        )
        return [{"register_id": r["_id"], "member_state": r["member_state"]} for r in rows]
