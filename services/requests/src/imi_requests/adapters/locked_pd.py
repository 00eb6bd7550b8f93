"""Where a locked request's personal data waits for its deletion (RET-012, RET-016, RET-017),
sealed under the request's case key, and the log of the helpdesk's extractions (RET-016).

`locked_personal_data/{request_id}`: `{sealed, rule, locked_at, delete_at}` while locked;
after `case.pd_deleted` only `{rule, pd_deleted_at}` (RET-013: the sealed copy is dropped and
its key shredded, so a copy left in a backup opens nothing). `pd_extractions`: one row per
extraction: case, reason, requesting authority, helpdesk user, time; never the data itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from imi_shared.documents import Documents
from imi_shared.sealing import SealedValue

LOCKED = "locked_personal_data"
EXTRACTIONS = "pd_extractions"


class LockedPersonalData:
    def __init__(self, documents: Documents) -> None:
        self.documents = documents

    @classmethod
    def of(cls, tx) -> LockedPersonalData:
        return cls(tx.documents(LOCKED))

    async def get(self, case_id: str) -> dict[str, Any] | None:
        return await self.documents.get(case_id)

    async def keep(
        self, case_id: str, sealed: SealedValue | None, rule: str, locked_at, delete_at
    ) -> None:
        """Idempotent: the first lock wins (a repeat finds the PD already moved)."""
        if await self.documents.get(case_id) is not None:
            return
        await self.documents.insert(
            {
                "_id": case_id,
                "version": 1,
                "sealed": sealed.model_dump() if sealed else None,
                "rule": rule,
                "locked_at": locked_at,
                "delete_at": delete_at,
            }
        )

    async def deleted(self, case_id: str, rule: str, at: datetime) -> None:
        """RET-013: only the fact of the deletion stays."""
        row = {"_id": case_id, "rule": rule, "pd_deleted_at": at}
        current = await self.documents.get(case_id)
        if current is None:
            await self.documents.insert({**row, "version": 1})
        elif "pd_deleted_at" not in current:
            version = current["version"]
            await self.documents.replace({**row, "version": version + 1}, expected_version=version)

    @staticmethod
    def sealed_of(row: dict[str, Any]) -> SealedValue | None:
        return SealedValue.model_validate(row["sealed"]) if row.get("sealed") else None


async def log_extraction(tx, row: dict[str, Any]) -> None:
    """RET-016: each extraction logged with its reason (in the extraction's transaction)."""
    await tx.documents(EXTRACTIONS).insert({**row, "version": 1})
