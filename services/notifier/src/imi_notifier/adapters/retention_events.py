"""The notifier's narrow model of retention's closure reminder (`imi.retention.events`,
`case.closure_reminder_due`, RET-014 → NOT-043). Never imports `imi_retention`;
`tests/test_retention_contract.py` checks it against retention's checked-in schema."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from imi_shared.contracts import expects
from imi_shared.envelope import Event, EventCatalog

ID = 100
REQUEST, ALERT = "request", "alert"


class ClosureReminderDue(Event):
    event_type: ClassVar[str] = "case.closure_reminder_due"
    aggregate_type: ClassVar[str] = "case"
    aggregate_id_field: ClassVar[str] = "case_id"

    case_type: str = Field(max_length=10, json_schema_extra=expects(REQUEST, ALERT))
    case_id: str = Field(max_length=ID)
    member_state: str = Field(max_length=2)
    la_code: str = Field(max_length=60)
    requesting_authority_id: str | None = Field(default=None, max_length=ID)


USED: tuple[type[Event], ...] = (ClosureReminderDue,)


def retention_catalog() -> EventCatalog:
    return EventCatalog(*USED)
