"""The versioned repository base: optimistic concurrency for every service's aggregates.

Each stored document carries `version`. The repository remembers the version it loaded (per
id, inside its unit of work); `save` writes only if the stored version is still that one and
bumps it, so two writers never silently overwrite each other. A client that read version n
(e.g. an HTTP `If-Match`) passes `expected_version=n` to `get` and is refused if it is stale.

A service's repository subclasses it with its collection name and three mappings (id, to and
from a document) and its own refusals (which spec rule a missing or stale aggregate cites).
It works over any `Documents` (MongoDB, or the in-memory fake in handler tests).

With `aggregate_type` (the envelopes' `aggregate_type` of this aggregate's events) the version
an `add` or `save` writes (a `delete`: the version after the last) also numbers the
transaction's outbox row for the aggregate (`Transaction.number_outbox_rows`), so the outbox
needs no counter of its own for it: one round trip less per command (issue 12; the ordering
argument is in `imi_shared.outbox.store`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Generic, Protocol, TypeVar

from .documents import Document, Documents, DuplicateDocument, Filter, Sort
from .errors import Conflict, NotFound, RuleViolation

A = TypeVar("A")


class HasDocuments(Protocol):
    def documents(self, collection: str) -> Documents: ...


class VersionedRepository(Generic[A]):
    collection: ClassVar[str]
    rule: ClassVar[str] = "X-029"  # the rule a missing/stale aggregate cites; services override
    aggregate_type: ClassVar[str | None] = None  # set: the version numbers its outbox rows

    def __init__(self, tx: HasDocuments) -> None:
        self.documents = tx.documents(self.collection)
        self._versions: dict[str, int] = {}
        number = getattr(tx, "number_outbox_rows", None)
        self._number_rows = number if self.aggregate_type and callable(number) else None

    # -- the mapping a service provides
    def identity(self, aggregate: A) -> str:
        raise NotImplementedError

    def to_document(self, aggregate: A) -> Document:
        raise NotImplementedError

    def from_document(self, document: Document) -> A:
        raise NotImplementedError

    def not_found(self, aggregate_id: str) -> RuleViolation:
        return NotFound(self.rule, f"no {self.collection} record {aggregate_id!r}")

    def stale(self, aggregate_id: str) -> RuleViolation:
        return Conflict(self.rule, f"{aggregate_id} was changed meanwhile; reload it")

    def duplicate(self, aggregate_id: str) -> RuleViolation:
        return Conflict(self.rule, f"{aggregate_id} already exists")

    # -- the operations every repository has
    async def find(self, aggregate_id: str) -> A | None:
        document = await self.documents.get(aggregate_id)
        return None if document is None else self._loaded(document)

    async def get(self, aggregate_id: str, *, expected_version: int | None = None) -> A:
        """The aggregate; with `expected_version` a stale edit is refused (409)."""
        found = await self.find(aggregate_id)
        if found is None:
            raise self.not_found(aggregate_id)
        if expected_version is not None and self._versions[aggregate_id] != expected_version:
            raise self.stale(aggregate_id)
        return found

    async def find_where(self, where: Filter, *, sort: Sort = (), limit: int = 0) -> list[A]:
        return [self._loaded(d) for d in await self.documents.find(where, sort=sort, limit=limit)]

    async def find_many(self, ids: Iterable[str]) -> dict[str, A]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        found = await self.find_where({"_id": {"$in": wanted}})
        return {self.identity(a): a for a in found}

    async def add(self, aggregate: A) -> int:
        aggregate_id = self.identity(aggregate)
        try:
            await self.documents.insert(self._document(aggregate, 1))
        except DuplicateDocument as exc:
            raise self.duplicate(aggregate_id) from exc
        self._written(aggregate_id, 1)
        return 1

    async def save(self, aggregate: A) -> int:
        """Write back an aggregate loaded through this repository; returns its new version."""
        aggregate_id = self.identity(aggregate)
        loaded = self._versions.get(aggregate_id)
        if loaded is None:
            raise ValueError(f"{aggregate_id} was not loaded through this repository")
        if not await self.documents.replace(
            self._document(aggregate, loaded + 1), expected_version=loaded
        ):
            raise self.stale(aggregate_id)
        self._written(aggregate_id, loaded + 1)
        return loaded + 1

    async def delete(self, aggregate: A) -> None:
        aggregate_id = self.identity(aggregate)
        loaded = self._versions.get(aggregate_id)
        if loaded is None or not await self.documents.delete(aggregate_id, expected_version=loaded):
            raise self.stale(aggregate_id)
        del self._versions[aggregate_id]
        if self._number_rows is not None:  # the deletion's events come after the last version's
            self._number_rows(f"{self.aggregate_type}:{aggregate_id}", loaded + 1)

    def _written(self, aggregate_id: str, version: int) -> None:
        self._versions[aggregate_id] = version
        if self._number_rows is not None:
            self._number_rows(f"{self.aggregate_type}:{aggregate_id}", version)

    def version_of(self, aggregate_id: str) -> int | None:
        return self._versions.get(aggregate_id)

    def _document(self, aggregate: A, version: int) -> Document:
        return {**self.to_document(aggregate), "_id": self.identity(aggregate), "version": version}

    def _loaded(self, document: Document) -> A:
        self._versions[document["_id"]] = document["version"]
        return self.from_document(document)
