"""Consumer-side schemas of retention's user events (`imi.retention.events`, X-052, RET-004):
`user.pd_locked` and `user.pd_deleted`. Never imports `imi_retention`: only the fields read
here; `tests/test_retention_contract.py` checks each against retention's checked-in schemas."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from pydantic import Field

from imi_shared.envelope import Event, EventCatalog


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


USED = (UserPdLocked, UserPdDeleted)


def retention_catalog() -> EventCatalog:
    return EventCatalog(*USED)
