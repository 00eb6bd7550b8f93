"""Data-subject requests, contest records and extraction logs in MongoDB (RET-027, RET-033).

`purge_case_rights` runs in the deletion's transaction: the requests and contest records of a
case go with its PD at `delete_at` (RET-033). Extraction logs stay (RET-016: the evidence that
an extraction happened; they hold ids, reasons and dates, no PD).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import ClassVar

from imi_shared.documents import Document
from imi_shared.repository import VersionedRepository

from ..domain.rights import ContestRecord, DataSubjectRequest, ExtractionLog

PURGED = ("subject_requests", "contest_records")
LIMIT = 200


def _fields(document: Document) -> dict:
    return {k: v for k, v in document.items() if k not in ("_id", "version")}


class SubjectRequestRepository(VersionedRepository[DataSubjectRequest]):
    collection: ClassVar[str] = "subject_requests"
    rule: ClassVar[str] = "RET-027"

    def identity(self, aggregate: DataSubjectRequest) -> str:
        return aggregate.id

    def to_document(self, aggregate: DataSubjectRequest) -> Document:
        return asdict(aggregate)

    def from_document(self, document: Document) -> DataSubjectRequest:
        return DataSubjectRequest(**_fields(document))

    async def listed(self, where: dict) -> list[DataSubjectRequest]:
        return await self.find_where(where, sort=[("received_at", 1)], limit=LIMIT)


class ContestRepository(VersionedRepository[ContestRecord]):
    collection: ClassVar[str] = "contest_records"
    rule: ClassVar[str] = "RET-024"

    def identity(self, aggregate: ContestRecord) -> str:
        return aggregate.id

    def to_document(self, aggregate: ContestRecord) -> Document:
        return asdict(aggregate)

    def from_document(self, document: Document) -> ContestRecord:
        return ContestRecord(**_fields(document))


class ExtractionRepository(VersionedRepository[ExtractionLog]):
    collection: ClassVar[str] = "extraction_log"
    rule: ClassVar[str] = "RET-016"

    def identity(self, aggregate: ExtractionLog) -> str:
        return aggregate.id

    def to_document(self, aggregate: ExtractionLog) -> Document:
        return asdict(aggregate)

    def from_document(self, document: Document) -> ExtractionLog:
        return ExtractionLog(**_fields(document))


async def purge_case_rights(tx, case_type: str, case_id: str) -> int:
    """RET-033: delete the case's data-subject requests and contest records; the count."""
    purged = 0
    for name in PURGED:
        documents = tx.documents(name)
        for doc in await documents.find({"case_type": case_type, "case_id": case_id}):
            purged += await documents.delete(doc["_id"], expected_version=doc["version"])
    return purged
