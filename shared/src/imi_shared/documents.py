"""The document port repositories are written against, and its MongoDB adapter.

A repository reads and writes its aggregates through `Documents` (one collection, inside one
transaction). The real adapter is a MongoDB collection bound to the transaction's session; the
in-memory fake (`imi_testkit.fakes`) implements the same port and passes the same contract tests
(`imi_testkit.contracts.documents_contract`), so handler tests run without a server.

Filters are the small subset both sides implement: equality on (dotted) fields, and `$in`,
`$nin`, `$ne`, `$lt`, `$lte`, `$gt`, `$gte`, `$exists`. Richer queries belong in a read model
adapter tested against the real server.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from pymongo.errors import DuplicateKeyError

Document = dict[str, Any]
Filter = Mapping[str, Any]
Sort = Sequence[tuple[str, int]]


class DuplicateDocument(Exception):
    """An insert met an existing `_id` (or another unique key)."""


class Documents(Protocol):
    async def get(self, doc_id: str) -> Document | None: ...

    async def insert(self, document: Document) -> None: ...

    async def replace(self, document: Document, *, expected_version: int) -> bool: ...

    async def delete(self, doc_id: str, *, expected_version: int) -> bool: ...

    async def find(self, where: Filter, *, sort: Sort = (), limit: int = 0) -> list[Document]: ...


class MongoDocuments:
    """`Documents` over one MongoDB collection and session (the unit of work's transaction)."""

    def __init__(self, collection, session=None) -> None:
        self.collection = collection
        self.session = session

    async def get(self, doc_id: str) -> Document | None:
        return await self.collection.find_one({"_id": doc_id}, session=self.session)

    async def insert(self, document: Document) -> None:
        try:
            await self.collection.insert_one(document, session=self.session)
        except DuplicateKeyError as exc:
            raise DuplicateDocument(str(document.get("_id"))) from exc

    async def replace(self, document: Document, *, expected_version: int) -> bool:
        result = await self.collection.replace_one(
            {"_id": document["_id"], "version": expected_version}, document, session=self.session
        )
        return result.matched_count == 1

    async def delete(self, doc_id: str, *, expected_version: int) -> bool:
        result = await self.collection.delete_one(
            {"_id": doc_id, "version": expected_version}, session=self.session
        )
        return result.deleted_count == 1

    async def find(self, where: Filter, *, sort: Sort = (), limit: int = 0) -> list[Document]:
        cursor = self.collection.find(dict(where), session=self.session)
        if sort:
            cursor = cursor.sort(list(sort))
        if limit:
            cursor = cursor.limit(limit)
        return [doc async for doc in cursor]
