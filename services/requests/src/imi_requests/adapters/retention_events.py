"""Consumer-side schemas of retention's events (`imi.retention.events`, X-052) for requests:
`case.locked` (RET-012) and `case.pd_deleted` (RET-013). Never imports `imi_retention`: only
the fields read here; `tests/test_retention_contract.py` checks each against retention's
checked-in schemas."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from pydantic import Field

from imi_shared.contracts import expects
from imi_shared.envelope import Event, EventCatalog

CASE_TYPE = "request"


class _CaseEvent(Event):
    aggregate_type: ClassVar[str] = "case"
    aggregate_id_field: ClassVar[str] = "case_id"

    case_type: str = Field(max_length=20, json_schema_extra=expects(CASE_TYPE))
    case_id: str = Field(max_length=100)
    member_state: str = Field(max_length=2)
    rule: str = Field(max_length=10)


class CaseLocked(_CaseEvent):
    event_type: ClassVar[str] = "case.locked"

    locked_at: datetime
    delete_at: datetime


class CasePdDeleted(_CaseEvent):
    event_type: ClassVar[str] = "case.pd_deleted"

    deleted_at: datetime
    key_id: str = Field(max_length=120)


USED = (CaseLocked, CasePdDeleted)


def retention_catalog() -> EventCatalog:
    return EventCatalog(*USED)
