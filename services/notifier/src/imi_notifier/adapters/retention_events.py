"""The notifier's narrow models of retention's events (`imi.retention.events`): the closure
reminder (`case.closure_reminder_due`, RET-014 → NOT-043) and the PD lock/deletion facts it
obeys (RET-004, RET-013; the kernel's one model, imi_shared.retention_obeyed). Never imports
`imi_retention`; `tests/test_routing_contracts.py` checks them against retention's schemas."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from imi_shared.contracts import expects
from imi_shared.envelope import Event, EventCatalog
from imi_shared.retention_obeyed import CasePdDeleted, UserPdDeleted, UserPdLocked

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
OBEYED: tuple[type[Event], ...] = (UserPdLocked, UserPdDeleted, CasePdDeleted)  # RET-004/013


__all__ = [
    "ALERT",
    "OBEYED",
    "REQUEST",
    "USED",
    "CasePdDeleted",
    "ClosureReminderDue",
    "UserPdDeleted",
    "UserPdLocked",
    "retention_catalog",
]


def retention_catalog() -> EventCatalog:
    return EventCatalog(*USED, *OBEYED)
