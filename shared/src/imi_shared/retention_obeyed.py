"""The one narrow model of the retention events every case- and user-holding service obeys
(`imi.retention.events`, X-052): `case.locked` (RET-012), `case.pd_deleted` (RET-013),
`user.pd_locked` and `user.pd_deleted` (RET-004). Only the fields the obeying services read;
never imports `imi_retention`. Each consumer's `tests/test_retention_contract.py` checks the
models it uses against retention's checked-in schemas."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from pydantic import Field

from .contracts import expects
from .envelope import Event

REQUEST, ALERT = "request", "alert"


class _CaseEvent(Event):
    aggregate_type: ClassVar[str] = "case"
    aggregate_id_field: ClassVar[str] = "case_id"

    case_type: str = Field(max_length=20, json_schema_extra=expects(REQUEST, ALERT))
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


class _UserEvent(Event):
    aggregate_type: ClassVar[str] = "user"
    aggregate_id_field: ClassVar[str] = "user_id"

    user_id: str = Field(max_length=100)
    authority_id: str = Field(max_length=100)
    member_state: str = Field(max_length=2)
    rule: str = Field(max_length=10)


class UserPdLocked(_UserEvent):
    event_type: ClassVar[str] = "user.pd_locked"

    locked_at: datetime
    delete_at: datetime


class UserPdDeleted(_UserEvent):
    event_type: ClassVar[str] = "user.pd_deleted"

    deleted_at: datetime
    key_id: str = Field(max_length=120)


CASE_EVENTS: tuple[type[Event], ...] = (CaseLocked, CasePdDeleted)
USER_EVENTS: tuple[type[Event], ...] = (UserPdLocked, UserPdDeleted)
