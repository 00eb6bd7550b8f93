"""Retention records in MongoDB (collection `retention_records`, RET-026), versioned."""

from __future__ import annotations

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
        return {
            "case_type": aggregate.case_type,
            "case_id": aggregate.case_id,
            "la_code": aggregate.la_code,
            "member_state": aggregate.member_state,
            "authority_id": aggregate.authority_id,
            "clock_start": aggregate.clock_start,
            "lock_at": aggregate.lock_at,
            "delete_at": aggregate.delete_at,
            "rule": aggregate.rule,
            "locked": aggregate.locked,
            "pd_deleted": aggregate.pd_deleted,
        }

    def from_document(self, document: Document) -> RetentionRecord:
        fields = {k: v for k, v in document.items() if k not in ("_id", "version")}
        return RetentionRecord(**fields)

    async def due_for_lock(self, now: datetime) -> list[RetentionRecord]:
        return await self.find_where(
            {"locked": False, "lock_at": {"$lte": now}}, sort=[("lock_at", 1)], limit=BATCH
        )


async def ensure_indexes(db) -> None:
    await db[RecordRepository.collection].create_index([("locked", 1), ("lock_at", 1)])
