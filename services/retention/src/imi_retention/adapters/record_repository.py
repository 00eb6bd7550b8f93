"""Retention records in MongoDB (collection `retention_records`, RET-026), versioned, and the
queries of the jobs (due to lock, due to delete) and of the report (acted on in a period)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import ClassVar

from imi_shared.documents import Document
from imi_shared.repository import VersionedRepository

from ..domain.schedule import RetentionRecord

BATCH = 100


class RecordRepository(VersionedRepository[RetentionRecord]):
    collection: ClassVar[str] = "retention_records"
    rule: ClassVar[str] = "RET-026"

    def identity(self, aggregate: RetentionRecord) -> str:
        return aggregate.record_id

    def to_document(self, aggregate: RetentionRecord) -> Document:
        return asdict(aggregate)

    def from_document(self, document: Document) -> RetentionRecord:
        fields = {k: v for k, v in document.items() if k not in ("_id", "version")}
        return RetentionRecord(**fields)

    async def due_for_lock(self, now: datetime) -> list[RetentionRecord]:
        return await self.find_where(
            {"locked": False, "cancelled": False, "lock_at": {"$lte": now}},
            sort=[("lock_at", 1)],
            limit=BATCH,
        )

    async def due_for_deletion(self, now: datetime) -> list[RetentionRecord]:
        return await self.find_where(
            {"pd_deleted": False, "cancelled": False, "delete_at": {"$lte": now}},
            sort=[("delete_at", 1)],
            limit=BATCH,
        )

    async def of_parent(self, case_type: str, parent_id: str) -> list[RetentionRecord]:
        return await self.find_where(
            {"case_type": case_type, "parent_id": parent_id, "pd_deleted": False}
        )

    async def in_period(self, start: datetime, end: datetime) -> list[RetentionRecord]:
        """Every record locked, deleted, or due to be, in [start, end) (the retention report)."""
        window = {"$gte": start, "$lt": end}
        found: dict[str, RetentionRecord] = {}
        for field in ("locked_at", "deleted_at", "lock_at", "delete_at"):
            for record in await self.find_where({field: window}, sort=[("clock_start", 1)]):
                found.setdefault(record.record_id, record)
        return sorted(found.values(), key=lambda r: (r.clock_start, r.record_id))


async def ensure_indexes(db) -> None:
    records = db[RecordRepository.collection]
    await records.create_index([("locked", 1), ("lock_at", 1)])
    await records.create_index([("pd_deleted", 1), ("delete_at", 1)])
    await records.create_index([("case_type", 1), ("parent_id", 1)])
    await db.open_cases.create_index([("reminded_at", 1), ("since", 1)])
    await db.users.create_index([("authority_id", 1), ("removed", 1)])
    await db.subject_requests.create_index([("receiving_authority_id", 1), ("received_at", 1)])
    await db.subject_requests.create_index([("case_type", 1), ("case_id", 1)])
    await db.contest_records.create_index([("case_type", 1), ("case_id", 1)])
