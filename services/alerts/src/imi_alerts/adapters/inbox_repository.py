"""`inbox`: the copies this deployment holds, one per (alert, recipient participant in scope).

Each document is an `InboxCopy` (`copy`) plus a `version` for optimistic concurrency and the
indexed fields the inbox list queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from pymongo import ASCENDING, DESCENDING

from ..copies.model import InboxCopy
from ..domain import Conflict, NotFound

COLLECTION = "inbox"


@dataclass
class StoredCopy:
    copy: InboxCopy
    version: int = 0


def copy_id(alert_id: str, participant: str) -> str:
    return f"{alert_id}:{participant}"


def stored_fields(stored: StoredCopy) -> dict:
    """The document's fields once `stored` is saved (its next version)."""
    c = stored.copy
    return {
        "copy": c.model_dump(mode="json"),
        "alert_id": c.alert_id,
        "participant": c.participant,
        "delivered": c.delivered,
        "authority_ids": c.authority_ids(),
        "updated_at": c.updated_at,
        "version": stored.version + 1,
    }


def stored_copy(doc: dict) -> StoredCopy:
    return StoredCopy(InboxCopy.model_validate(doc["copy"]), doc["version"])


class InboxRepository:
    def __init__(self, db, session=None) -> None:
        self.collection = db[COLLECTION]
        self.session = session

    @staticmethod
    async def ensure_indexes(db) -> None:
        collection = db[COLLECTION]
        await collection.create_index([("participant", ASCENDING), ("updated_at", DESCENDING)])
        await collection.create_index("authority_ids")
        await collection.create_index("alert_id")

    async def find_one(self, alert_id: str, participant: str) -> StoredCopy | None:
        doc = await self.collection.find_one(
            {"_id": copy_id(alert_id, participant)}, session=self.session
        )
        return None if doc is None else stored_copy(doc)

    async def get(self, alert_id: str, participant: str) -> StoredCopy:
        stored = await self.find_one(alert_id, participant)
        if stored is None or not stored.copy.delivered:
            raise NotFound("ALR-021", f"{participant} holds no copy of alert {alert_id} here")
        return stored

    async def save(self, stored: StoredCopy) -> None:
        c = stored.copy
        fields = stored_fields(stored)
        if stored.version == 0:
            await self.collection.insert_one(
                {"_id": copy_id(c.alert_id, c.participant), **fields}, session=self.session
            )
        else:
            result = await self.collection.update_one(
                {"_id": copy_id(c.alert_id, c.participant), "version": stored.version},
                {"$set": fields},
                session=self.session,
            )
            if result.matched_count != 1:
                raise Conflict("ALR-081", "the copy was changed by someone else; try again")
        stored.version += 1

    async def list_for(
        self, participant: str, authority_id: str | None, *, limit: int, offset: int
    ) -> list[InboxCopy]:
        """The copies a mailbox listing shows, WITHOUT their sealed personal data and buffered
        updates: a listing never reads them (issue 10, X-009)."""
        query: dict = {"participant": participant, "delivered": True}
        if authority_id is not None:
            query["authority_ids"] = authority_id
        unread = {"copy.sealed_personal_data": 0, "copy.buffered": 0}
        cursor = (
            self.collection.find(query, unread, session=self.session)
            .sort("updated_at", DESCENDING)
            .skip(offset)
            .limit(limit)
        )
        return [InboxCopy.model_validate(d["copy"]) async for d in cursor]
