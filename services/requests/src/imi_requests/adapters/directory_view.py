"""`directory_view`: this deployment's read model of the directory for the requests workflow
(X-054: never a call to the directory). One document per authority:
`{_id, member_state, status, deleted, las: {la_code: {la_access, access, role, parameters,
associated_coordinator_ids}}}`, over the `Documents` port (MongoDB, or the handler tests' fake).
A command's view reads through the process's `DirectoryCache` (issue 12); the consumer's
writes and the queries do not.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from imi_shared.documents import Documents
from imi_shared.errors import Conflict

from ..domain.actors import AuthorityFacts, Parameters
from .directory_cache import DirectoryCache

COLLECTION = "directory_view"
_PARAMETERS = {f.name for f in fields(Parameters)}


class DirectoryView:
    def __init__(self, documents: Documents, cache: DirectoryCache | None = None) -> None:
        self.documents = documents
        self.cache = cache if cache is not None and cache.enabled else None

    @classmethod
    def of(cls, tx, cache: DirectoryCache | None = None) -> DirectoryView:
        return cls(tx.documents(COLLECTION), cache)

    async def facts(self, authority_id: str | None, la_code: str) -> AuthorityFacts | None:
        """The authority in `la_code`'s requests workflow; None when unknown or deleted."""
        if authority_id is None:
            return None
        return _facts(authority_id, await self._document(authority_id), la_code)

    async def _document(self, authority_id: str) -> dict[str, Any] | None:
        if self.cache is None:
            return await self.documents.get(authority_id)
        found, doc = self.cache.get(authority_id)
        if found:
            return doc
        async with self.cache.reading(authority_id):
            found, doc = self.cache.get(authority_id)
            if not found:
                read_at = self.cache.now()
                doc = await self.documents.get(authority_id)
                self.cache.put(authority_id, doc, read_at)
        return doc

    async def facts_of(
        self, authority_ids: tuple[str | None, ...], la_code: str
    ) -> dict[str, AuthorityFacts | None]:
        """`facts` of several authorities in one query."""
        wanted = sorted({a for a in authority_ids if a})
        if not wanted:
            return {}
        docs: dict[str, dict[str, Any] | None] = {}
        if self.cache is not None:
            for a in wanted:
                found, doc = self.cache.get(a)
                if found:
                    docs[a] = doc
        missing = [a for a in wanted if a not in docs]
        if len(missing) == 1:
            docs[missing[0]] = await self._document(missing[0])
        elif missing:
            read_at = self.cache.now() if self.cache is not None else 0.0
            rows = {d["_id"]: d for d in await self.documents.find({"_id": {"$in": missing}})}
            for a in missing:
                docs[a] = rows.get(a)
                if self.cache is not None:
                    self.cache.put(a, docs[a], read_at)
        return {a: _facts(a, docs.get(a), la_code) for a in wanted}

    async def coordinated_by(
        self, coordinator_id: str, la_code: str, limit: int = 2000
    ) -> list[str]:
        """DIR-027 / REQ-095: the authorities that have `coordinator_id` as an associated
        request coordinator in `la_code`."""
        rows = await self.documents.find(
            {f"las.{la_code}.associated_coordinator_ids": coordinator_id, "deleted": {"$ne": True}},
            sort=[("_id", 1)],
            limit=limit,
        )
        return [row["_id"] for row in rows]

    async def update(self, authority_id: str, member_state: str, change) -> None:
        """Read, let `change(doc)` edit it, write back under the version (a conflict retries)."""
        current = await self.documents.get(authority_id)
        doc: dict[str, Any] = dict(current or {"_id": authority_id, "status": "active", "las": {}})
        doc["member_state"] = member_state
        doc["las"] = {k: dict(v) for k, v in (doc.get("las") or {}).items()}
        change(doc)
        if current is None:
            await self.documents.insert({**doc, "version": 1})
        elif not await self.documents.replace(
            {**doc, "version": current["version"] + 1}, expected_version=current["version"]
        ):
            raise Conflict("X-054", "the directory read model changed meanwhile")  # retried


def _facts(authority_id: str, doc: dict[str, Any] | None, la_code: str) -> AuthorityFacts | None:
    if doc is None or doc.get("deleted"):
        return None
    la = (doc.get("las") or {}).get(la_code)
    if la is None:
        return AuthorityFacts(
            authority_id, doc["member_state"], doc["status"], "removed", "removed"
        )
    params = {k: v for k, v in (la.get("parameters") or {}).items() if k in _PARAMETERS}
    return AuthorityFacts(
        authority_id,
        doc["member_state"],
        doc["status"],
        la.get("la_access") or "removed",
        la.get("access") or "removed",
        la.get("role") or "request_authority",
        Parameters(**params),
        tuple(la.get("associated_coordinator_ids") or ()),
    )
