"""The list rows' write-behind for the batched consumer of the own events (§4.12, issue 12):
the rows a batch of request events touches are read in ONE query and written in ONE bulk
command, instead of a read and a write per event.

It lives in the consumer's transaction (`Transaction.write_behind`, `imi_shared.batching`):
the first read loads every row the batch's events name (`Transaction.batch_events`: their
requests and the requests they were split from); each event then reads and changes the row
held here, so two events of one request in a batch apply in their order; the writes go out
when the batch's works are done, in the same transaction. A row changed elsewhere since it was
read (its version) raises `Conflict`: the batch is then applied one event at a time. On
MongoDB the flush is one `bulk_write`; on another `Documents` port (the handler tests' fake)
one call per row.
"""

from __future__ import annotations

import copy
from typing import Any

from pymongo import DeleteOne, InsertOne, ReplaceOne

from imi_shared.documents import MongoDocuments
from imi_shared.errors import Conflict

from .request_list import COLLECTION

WRITE_BEHIND = "requests.request_list"
Row = dict[str, Any]


def _named(event: Any) -> set[str]:
    ids = {getattr(event, "request_id", None), getattr(event, "split_from_request_id", None)}
    return {i for i in ids if isinstance(i, str)}


class RequestListWriteBehind:
    """`get` / `put` / `remove` of `RequestList`, held until the flush."""

    def __init__(self, tx) -> None:
        self.documents = tx.documents(COLLECTION)
        self.batch_ids: set[str] = set().union(*(_named(e) for e in tx.batch_events))
        self.held: dict[str, Row | None] = {}
        self.read_version: dict[str, int] = {}  # 0: no row when read
        self.changed: set[str] = set()
        self.reads = 0  # queries sent (tests count them)

    async def get(self, request_id: str) -> Row | None:
        if request_id not in self.held:
            await self._load({request_id} | (self.batch_ids - self.held.keys()))
        return copy.deepcopy(self.held[request_id])

    async def put(self, row: Row, current: Row | None) -> None:
        """Keep the row (as `RequestList.put` would write it) for the flush."""
        document = {k: v for k, v in row.items() if k != "version"}
        document["_id"] = row["request_id"]
        await self.get(document["_id"])  # held, so its read version is known
        self.held[document["_id"]] = document
        self.changed.add(document["_id"])

    async def remove(self, request_id: str) -> None:
        await self.get(request_id)
        self.held[request_id] = None
        self.changed.add(request_id)

    async def _load(self, ids: set[str]) -> None:
        self.reads += 1
        for i in ids:
            self.held[i], self.read_version[i] = None, 0
        for doc in await self.documents.find({"_id": {"$in": sorted(ids)}}):
            self.held[doc["_id"]] = doc
            self.read_version[doc["_id"]] = int(doc.get("version", 0))

    async def flush(self) -> None:
        writes = [(i, self.read_version[i], self.held[i]) for i in sorted(self.changed)]
        self.changed.clear()
        if isinstance(self.documents, MongoDocuments):
            await self._bulk(writes)
        else:
            await self._one_by_one(writes)
        for request_id, version, row in writes:
            if row is not None:
                row["version"] = version + 1
                self.read_version[request_id] = version + 1
            else:
                self.read_version[request_id] = 0

    async def _bulk(self, writes: list[tuple[str, int, Row | None]]) -> None:
        ops: list[InsertOne | ReplaceOne | DeleteOne] = []
        replaced = deleted = 0
        for request_id, version, row in writes:
            if row is None:
                if version:
                    deleted += 1
                    ops.append(DeleteOne({"_id": request_id, "version": version}))
            elif version == 0:
                ops.append(InsertOne({**row, "version": 1}))
            else:
                replaced += 1
                ops.append(
                    ReplaceOne(
                        {"_id": request_id, "version": version}, {**row, "version": version + 1}
                    )
                )
        if not ops:
            return
        docs = self.documents
        # unordered: one command per kind of write (each row is written once)
        result = await docs.collection.bulk_write(ops, ordered=False, session=docs.session)
        if result.matched_count != replaced or result.deleted_count != deleted:
            raise Conflict("X-051", "a list row changed meanwhile")  # the batch retried alone

    async def _one_by_one(self, writes: list[tuple[str, int, Row | None]]) -> None:
        for request_id, version, row in writes:
            if row is None:
                if version and not await self.documents.delete(
                    request_id, expected_version=version
                ):
                    raise Conflict("X-051", "a list row changed meanwhile")
            elif version == 0:
                await self.documents.insert({**row, "version": 1})
            elif not await self.documents.replace(
                {**row, "version": version + 1}, expected_version=version
            ):
                raise Conflict("X-051", "a list row changed meanwhile")
