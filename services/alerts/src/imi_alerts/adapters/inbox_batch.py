"""The inbox's write-behind for the batched copy consumer (issue 10): the copies a batch of
`alert.copy_updated` touches are read in ONE query and written in ONE bulk command, instead of
a find_one and an insert or update per copy.

It lives in the consumer's transaction (`Transaction.write_behind`, `imi_shared.batching`):
the first read loads every copy the batch's updates name (`Transaction.batch_events`); each
update then reads and changes the copy held here, so two updates of one copy in a batch apply
in their order (per-key order); the writes go out when the batch's works are done, before the
processed-event ids, in the same transaction (all or nothing). Inside such a transaction every
read of the inbox goes through it. A copy changed elsewhere since it was read (its version)
raises `Conflict` (ALR-081): the batch is then applied one update at a time.
"""

from __future__ import annotations

from pymongo import InsertOne, UpdateOne

from ..domain import Conflict
from .delivery_messages import CopyUpdated
from .inbox_repository import COLLECTION, StoredCopy, copy_id, stored_copy, stored_fields
from .legacy_messages import CopyUpdatedV1

WRITE_BEHIND = "alerts.inbox"


class InboxWriteBehind:
    def __init__(self, tx) -> None:
        self.collection = tx.db[COLLECTION]
        self.session = tx.session
        self.batch_ids = {
            copy_id(e.alert_id, e.participant)
            for e in tx.batch_events
            if isinstance(e, CopyUpdated | CopyUpdatedV1)
        }
        self.held: dict[str, StoredCopy | None] = {}
        self.changed: dict[str, StoredCopy] = {}
        self.reads = 0  # queries sent (tests count them)
        self.writes = 0  # bulk commands sent

    async def find_one(self, alert_id: str, participant: str) -> StoredCopy | None:
        wanted = copy_id(alert_id, participant)
        if wanted not in self.held:
            await self._load({wanted} | (self.batch_ids - self.held.keys()))
        return self.held[wanted]

    def save(self, stored: StoredCopy) -> None:
        """Keep `stored` to be written at the flush (its last state wins)."""
        wanted = copy_id(stored.copy.alert_id, stored.copy.participant)
        self.held[wanted] = self.changed[wanted] = stored

    async def _load(self, ids: set[str]) -> None:
        self.reads += 1
        self.held.update(dict.fromkeys(ids))
        cursor = self.collection.find({"_id": {"$in": sorted(ids)}}, session=self.session)
        async for doc in cursor:
            self.held[doc["_id"]] = stored_copy(doc)

    async def flush(self) -> None:
        if not self.changed:
            return
        ops: list[InsertOne | UpdateOne] = []
        updates = 0
        for wanted, stored in self.changed.items():
            fields = stored_fields(stored)
            if stored.version == 0:
                ops.append(InsertOne({"_id": wanted, **fields}))
            else:
                updates += 1
                ops.append(UpdateOne({"_id": wanted, "version": stored.version}, {"$set": fields}))
        self.writes += 1
        result = await self.collection.bulk_write(ops, ordered=True, session=self.session)
        if result.matched_count != updates:
            raise Conflict("ALR-081", "a copy was changed by someone else; try again")
        for stored in self.changed.values():
            stored.version += 1
        self.changed.clear()
