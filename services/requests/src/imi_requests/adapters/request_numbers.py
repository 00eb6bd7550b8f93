"""`request_numbers`: one counter per requesting state and year (X-024, REQ-106 `ref_no`; the
format is `domain.reference`). Incremented inside the transaction that saves the new request,
so an aborted save leaves no gap and two requests never share a number (two concurrent saves
conflict on the counter and one is retried, `imi_shared.mongo`)."""

from __future__ import annotations

from datetime import datetime

from imi_shared.documents import Documents, DuplicateDocument
from imi_shared.errors import Conflict

from ..domain.reference import ref_no

COLLECTION = "request_numbers"


class RequestNumbers:
    def __init__(self, documents: Documents) -> None:
        self.documents = documents

    @classmethod
    def of(cls, tx) -> RequestNumbers:
        return cls(tx.documents(COLLECTION))

    async def next(self, member_state: str, now: datetime) -> str:
        key = f"{member_state}-{now:%Y}"
        current = await self.documents.get(key)
        try:
            if current is None:
                await self.documents.insert({"_id": key, "n": 1, "version": 1})
                n = 1
            else:
                n = current["n"] + 1
                version = current["version"]
                replaced = {"_id": key, "n": n, "version": version + 1}
                if not await self.documents.replace(replaced, expected_version=version):
                    raise Conflict("X-024", "another request took this number; try again")
        except DuplicateDocument as exc:
            raise Conflict("X-024", "another request took this number; try again") from exc
        return ref_no(member_state, now.year, n)
