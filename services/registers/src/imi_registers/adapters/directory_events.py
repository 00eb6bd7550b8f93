"""The registers service's narrow models of the directory's authority events
(`imi.directory.events`, X-050, X-054): only what the authorities read model needs (REG-025:
a new managing authority is an active IMI authority of the register's state; REG-018: search
by authority name). Never imports `imi_directory`; `tests/test_directory_contract.py` checks
them against the directory's checked-in schemas."""

from __future__ import annotations

from typing import Any, ClassVar

from imi_shared.envelope import Event, EventCatalog


class _AuthorityEvent(Event):
    aggregate_type: ClassVar[str] = "authority"
    aggregate_id_field: ClassVar[str] = "authority_id"

    authority_id: str
    member_state: str


class AuthorityRegistered(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.registered"
    schema_version: ClassVar[str] = "2.1"

    official_name: str
    status: str


class AuthorityStatusChanged(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.status_changed"

    new_status: str


class AuthorityDataChanged(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.data_changed"
    schema_version: ClassVar[str] = "1.1"

    changes: dict[str, Any]


class AuthorityDeleted(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.deleted"


USED: tuple[type[Event], ...] = (
    AuthorityRegistered,
    AuthorityStatusChanged,
    AuthorityDataChanged,
    AuthorityDeleted,
)


def directory_catalog() -> EventCatalog:
    return EventCatalog(*USED)
