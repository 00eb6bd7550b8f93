"""Retention's narrow models of the requests service's events (`imi.requests.events`, X-029).

Never imports `imi_requests`; the sealed texts are never read. `request.status_changed`:
formal closure (`closed`, `refused`) starts RET-001/002; `answered` and
`further_info_rejected` open the closure reminder (RET-014). `request.deleted` (a draft,
REQ-056) deletes the PD at once (RET-034). `request.report_generated` (RET-010) is read
when the requests service publishes it. The event time is the envelope's `occurred_at`.
`tests/test_requests_contract.py` checks each against the requests' checked-in schema.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from imi_shared.contracts import expects
from imi_shared.envelope import Event, EventCatalog

CLOSURE = ("closed", "refused")
REMIND = ("answered", "further_info_rejected")  # NOT-043


class _RequestEvent(Event):
    aggregate_type: ClassVar[str] = "request"
    aggregate_id_field: ClassVar[str] = "request_id"


class _RequestFacts(_RequestEvent):
    request_id: str = Field(max_length=64)
    la_code: str = Field(max_length=60)
    requesting_authority_id: str = Field(max_length=64)
    requesting_member_state: str = Field(max_length=2)


class RequestStatusChanged(_RequestFacts):
    event_type: ClassVar[str] = "request.status_changed"
    schema_version: ClassVar[str] = "1.1"

    new_status: str = Field(max_length=60, json_schema_extra=expects(*CLOSURE, *REMIND))
    authority_ids: list[str] = Field(default_factory=list, max_length=8)


class RequestDeleted(_RequestFacts):
    event_type: ClassVar[str] = "request.deleted"


class RequestReportGenerated(_RequestEvent):
    """RET-010 (REQ-096..099, branch requests-lists): generated at the envelope's time."""

    event_type: ClassVar[str] = "request.report_generated"

    report_id: str = Field(max_length=64)
    request_id: str = Field(max_length=64)
    personal_data: bool


USED: tuple[type[Event], ...] = (RequestStatusChanged, RequestDeleted)
EXPECTED: tuple[type[Event], ...] = (RequestReportGenerated,)


def requests_catalog() -> EventCatalog:
    return EventCatalog(*USED, *EXPECTED)
