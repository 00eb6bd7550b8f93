"""Read model of the requests and alerts still open, per authority, LA and workflow.

Fed by `handlers/open_cases.py` from `request.status_changed` / `alert.status_changed`; read
by the access and status handlers (DIR-105, DIR-118, DIR-119: no removal while cases of the
LA / workflow are open). One document per case (`_id` = "<workflow>:<case id>"), so a
redelivered or reordered event never double-counts; the count is an indexed count query.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from imi_shared.mongo import Transaction

COLLECTION = "open_cases"
INDEXES = [
    IndexModel(
        [
            ("authority_ids", ASCENDING),
            ("open", ASCENDING),
            ("la_code", ASCENDING),
            ("workflow", ASCENDING),
        ],
        name="authority_open_la_workflow",
    ),
]


async def ensure_indexes(db: AsyncDatabase) -> None:
    await db[COLLECTION].create_indexes(INDEXES)


class OpenCases:
    def __init__(self, tx: Transaction) -> None:
        self._collection = tx.db[COLLECTION]
        self._session = tx.session

    async def record(
        self,
        *,
        workflow: str,
        case_id: str,
        la_code: str,
        is_open: bool,
        status: str,
        authority_ids: Iterable[str],
        at: datetime,
    ) -> None:
        """Upsert the case; the involved authorities accumulate over the case's life. An
        event older than the one already applied does not reopen or close the case."""
        key = f"{workflow}:{case_id}"
        current = await self._collection.find_one({"_id": key}, session=self._session)
        if current is not None and current["at"] > at:
            update = {"$addToSet": {"authority_ids": {"$each": sorted(set(authority_ids))}}}
        else:
            update = {
                "$set": {
                    "workflow": workflow,
                    "la_code": la_code,
                    "open": is_open,
                    "status": status,
                    "at": at,
                },
                "$addToSet": {"authority_ids": {"$each": sorted(set(authority_ids))}},
            }
        await self._collection.update_one({"_id": key}, update, upsert=True, session=self._session)

    async def count(
        self, authority_id: str, la_code: str | None = None, workflow: str | None = None
    ) -> int:
        """Open cases of the authority: all, in one LA, or in one LA workflow."""
        query: dict = {"authority_ids": authority_id, "open": True}
        if la_code is not None:
            query["la_code"] = la_code
        if workflow is not None:
            query["workflow"] = workflow
        return await self._collection.count_documents(query, session=self._session)
