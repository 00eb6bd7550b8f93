"""`request.report_generated` (X-051) on `imi.requests.events`: a report was generated on a
request. Only ids, the kind, flags and dates: the report's content, and the personal data it
may hold, never travel (X-011); so nothing here needs sealing."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from pydantic import Field

from ..reports import GeneratedReport, ReportKind
from .event_messages import ID, _common, _RequestEvent


class RequestReportGenerated(_RequestEvent):
    """REQ-096..REQ-099: who generated which kind of report, with or without PD, certified
    or not, and until when it is kept (REQ-098)."""

    event_type: ClassVar[str] = "request.report_generated"

    report_id: str = Field(max_length=ID)
    kind: ReportKind
    personal_data: bool
    certified: bool
    expires_at: datetime


def report_generated(request, actor, record: GeneratedReport) -> RequestReportGenerated:
    return RequestReportGenerated(
        **_common(request, actor),
        report_id=record.report_id,
        kind=record.kind,
        personal_data=record.personal_data,
        certified=record.certified,
        expires_at=record.expires_at,
    )
