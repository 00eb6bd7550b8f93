"""The notifier's narrow models of retention's events (`imi.retention.events`): the closure
reminder (`case.closure_reminder_due`, RET-014 → NOT-043) and the PD lock/deletion facts it
obeys (RET-004, RET-013). Never imports `imi_retention`;
`tests/test_retention_contract.py` checks them against retention's checked-in schemas."""

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


class UserPdLocked(Event):
    """RET-004: the user's contact data is locked (user removed, or its authority inactive)."""

    event_type: ClassVar[str] = "user.pd_locked"
    aggregate_type: ClassVar[str] = "user"
    aggregate_id_field: ClassVar[str] = "user_id"

    user_id: str = Field(max_length=ID)
    member_state: str = Field(max_length=2)


class UserPdDeleted(UserPdLocked):
    """RET-004 (+3 years): the user's contact data is deleted, its key shredded."""

    event_type: ClassVar[str] = "user.pd_deleted"


class CasePdDeleted(Event):
    """RET-013: a case's PD is deleted, its key shredded."""

    event_type: ClassVar[str] = "case.pd_deleted"
    aggregate_type: ClassVar[str] = "case"
    aggregate_id_field: ClassVar[str] = "case_id"

    case_type: str = Field(max_length=10, json_schema_extra=expects(REQUEST, ALERT))
    case_id: str = Field(max_length=ID)
    member_state: str = Field(max_length=2)


USED: tuple[type[Event], ...] = (ClosureReminderDue,)
OBEYED: tuple[type[Event], ...] = (UserPdLocked, UserPdDeleted, CasePdDeleted)  # RET-004/013


def retention_catalog() -> EventCatalog:
    return EventCatalog(*USED, *OBEYED)
