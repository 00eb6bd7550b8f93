"""Consumer-side models of the directory's events that carry authorities' informal names
(`imi.directory.events`, TRL-009): `authority.registered` (2.1: `informal_name`,
`informal_name_language`) and `authority.data_changed` (general data, `la_code` null: its
`changes` hold the edited fields in clear; contact fields travel sealed and are unused here).

Services are independent: these narrow models never import `imi_directory`;
`tests/test_directory_contract.py` checks them against the directory's checked-in schemas.
"""

from __future__ import annotations

from typing import ClassVar

from imi_shared.envelope import Event, EventCatalog

from ..domain.events import Entity
from ..domain.names import NameChange

AUTHORITY: Entity = "authority"


class _AuthorityEvent(Event):
    aggregate_type: ClassVar[str] = "authority"
    aggregate_id_field: ClassVar[str] = "authority_id"

    authority_id: str
    member_state: str


class AuthorityRegistered(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.registered"
    schema_version: ClassVar[str] = "2.1"

    informal_name: str = ""
    informal_name_language: str | None = None


class AuthorityDataChanged(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.data_changed"
    schema_version: ClassVar[str] = "1.1"

    la_code: str | None = None
    changes: dict[str, str | bool | list[str] | None] = {}


USED = (AuthorityRegistered, AuthorityDataChanged)


def catalog() -> EventCatalog:
    return EventCatalog(*USED)


def name_change(event: Event) -> NameChange | None:
    """The authority's name as the event sets it (text or language None: unchanged); None:
    the event sets neither."""
    if isinstance(event, AuthorityRegistered):
        text, lang = event.informal_name or None, event.informal_name_language
    elif isinstance(event, AuthorityDataChanged) and event.la_code is None:
        changes = event.changes
        if "informal_name" not in changes and "informal_name_language" not in changes:
            return None
        text, lang = (
            _text(changes.get("informal_name")),
            _text(changes.get("informal_name_language")),
        )
    else:
        return None
    return NameChange(AUTHORITY, event.authority_id, event.member_state, text, lang)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
