"""The kernel's narrow models of the directory events it reads (`imi.directory.events`).

They never import `imi_directory`; `shared/tests/test_principal_status_contract.py` checks them
against the directory's checked-in schemas (`check_consumer_model`). Other directory event
types on the topic are skipped by the subscriber (no handler, no decoding).
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime, Field

from ..contracts import expects
from ..envelope import Event, EventCatalog

#: access statuses after which the access's rights are gone (DIR-118, DIR-119, DIR-123)
REMOVED_LIKE = ("removed", "removed_reactivation_requested")


class _UserEvent(Event):
    aggregate_type: ClassVar[str] = "user"
    aggregate_id_field: ClassVar[str | None] = "user_id"

    user_id: str = Field(max_length=200)
    authority_id: str = Field(max_length=200)


class UserLockedOut(_UserEvent):
    event_type: ClassVar[str] = "user.locked_out"

    locked_at: AwareDatetime


class UserCredentialsReset(_UserEvent):
    event_type: ClassVar[str] = "user.credentials_reset"

    reset_at: AwareDatetime


class UserRemoved(_UserEvent):
    event_type: ClassVar[str] = "user.removed"

    removed_at: AwareDatetime


class _AuthorityEvent(Event):
    aggregate_type: ClassVar[str] = "authority"
    aggregate_id_field: ClassVar[str | None] = "authority_id"

    authority_id: str = Field(max_length=200)


class AccessChanged(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.access_changed"

    la_code: str = Field(max_length=100)
    workflow: str | None = Field(default=None, max_length=100)
    # None: the access request was refused and deleted (DIR-113)
    new_status: str | None = Field(default=None, json_schema_extra=expects(*REMOVED_LIKE))
    changed_at: AwareDatetime


class AuthorityDeleted(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.deleted"

    deleted_at: AwareDatetime


USED: tuple[type[Event], ...] = (
    UserLockedOut,
    UserCredentialsReset,
    UserRemoved,
    AccessChanged,
    AuthorityDeleted,
)


def principal_status_catalog() -> EventCatalog:
    return EventCatalog(*USED)
