"""Generated reports and their PDFs (REQ-098, REQ-110 `RequestReport`): the record in
`generated_reports`, the PDF bytes in `report_files` under the same id, both deleted together
when the report falls due (the deletion job) or when its request's PD goes (RET-010)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bson import Binary

from imi_shared.documents import Documents

from ..reports import GeneratedReport, ReportKind
from ..reports.retention import on_pd_changed

RECORDS = "generated_reports"
FILES = "report_files"
MAX_PANEL = 200


def _document(record: GeneratedReport) -> dict[str, Any]:
    return {
        "_id": record.report_id,
        "version": 1,
        "request_id": record.request_id,
        "kind": record.kind.value,
        "generated_by": record.generated_by,
        "generated_at": record.generated_at,
        "expires_at": record.expires_at,
        "personal_data": record.personal_data,
        "certified": record.certified,
        "size": record.size,
    }


def record_of(doc: dict[str, Any]) -> GeneratedReport:
    return GeneratedReport(
        report_id=doc["_id"],
        request_id=doc["request_id"],
        kind=ReportKind(doc["kind"]),
        generated_by=doc["generated_by"],
        generated_at=doc["generated_at"],
        expires_at=doc["expires_at"],
        personal_data=doc["personal_data"],
        certified=doc["certified"],
        size=doc["size"],
    )


class ReportStore:
    def __init__(self, records: Documents, files: Documents) -> None:
        self.records = records
        self.files = files

    @classmethod
    def of(cls, tx) -> ReportStore:
        return cls(tx.documents(RECORDS), tx.documents(FILES))

    async def add(self, record: GeneratedReport, pdf: bytes) -> None:
        await self.records.insert(_document(record))
        await self.files.insert({"_id": record.report_id, "version": 1, "pdf": Binary(pdf)})

    async def get(self, report_id: str) -> GeneratedReport | None:
        doc = await self.records.get(report_id)
        return record_of(doc) if doc else None

    async def pdf(self, report_id: str) -> bytes | None:
        doc = await self.files.get(report_id)
        return bytes(doc["pdf"]) if doc else None

    async def of_user(self, user_id: str, now: datetime) -> list[GeneratedReport]:
        """REQ-098: the user's reports still available, newest first."""
        docs = await self.records.find(
            {"generated_by": user_id, "expires_at": {"$gt": now}},
            sort=[("generated_at", -1)],
            limit=MAX_PANEL,
        )
        return [record_of(d) for d in docs]

    async def remove(self, report_id: str) -> None:
        for documents in (self.records, self.files):
            found = await documents.get(report_id)
            if found is not None:
                await documents.delete(report_id, expected_version=found["version"])

    async def due(self, now: datetime, limit: int) -> list[str]:
        docs = await self.records.find(
            {"expires_at": {"$lte": now}}, sort=[("expires_at", 1)], limit=limit
        )
        return [d["_id"] for d in docs]

    async def end_pd_reports(self, request_id: str, at: datetime) -> list[str]:
        """RET-010: the PD of `request_id` was rectified, erased or deleted at `at`: every
        report of it holding PD goes now. Returns the ids removed."""
        docs = await self.records.find({"request_id": request_id, "personal_data": True})
        ended = on_pd_changed([record_of(d) for d in docs], request_id, at)
        for record in ended:
            await self.remove(record.report_id)
        return [r.report_id for r in ended]
