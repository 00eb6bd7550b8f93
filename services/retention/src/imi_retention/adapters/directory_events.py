"""Retention's narrow models of the directory's events (`imi.directory.events`, X-029).

Never imports `imi_directory`; sealed PD is never read. `user.created` feeds the users-per-
authority read model (an `inactive` authority locks all its users, RET-004); `user.removed`
locks one (RET-004; `user.locked_out` is not a removal and is not read);
`authority.status_changed` to `inactive` (RET-005) or `registration_refused` (RET-006) starts
the authority's deletion, back to `active` calls it off; `invitation.status_changed` ends an
invitation (RET-007..009). `tests/test_directory_contract.py` checks each against the
directory's checked-in schemas.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime, Field

from imi_shared.contracts import expects
from imi_shared.envelope import Event, EventCatalog

INACTIVE, REFUSED, ACTIVE = "inactive", "registration_refused", "active"
INVITATION_ENDS = ("withdrawn", "authority_validated", "validation_refused")


class _UserEvent(Event):
    aggregate_type: ClassVar[str] = "user"
    aggregate_id_field: ClassVar[str] = "user_id"

    user_id: str = Field(max_length=100)
    authority_id: str = Field(max_length=100)
    member_state: str = Field(max_length=2)


class UserCreated(_UserEvent):
    event_type: ClassVar[str] = "user.created"
    schema_version: ClassVar[str] = "2.0"


class UserRemoved(_UserEvent):
    event_type: ClassVar[str] = "user.removed"

    removed_at: AwareDatetime


class AuthorityStatusChanged(Event):
    event_type: ClassVar[str] = "authority.status_changed"
    aggregate_type: ClassVar[str] = "authority"
    aggregate_id_field: ClassVar[str] = "authority_id"

    authority_id: str = Field(max_length=100)
    member_state: str = Field(max_length=2)
    new_status: str = Field(max_length=40, json_schema_extra=expects(INACTIVE, REFUSED, ACTIVE))
    changed_at: AwareDatetime


class InvitationStatusChanged(Event):
    event_type: ClassVar[str] = "invitation.status_changed"
    aggregate_type: ClassVar[str] = "invitation"
    aggregate_id_field: ClassVar[str] = "invitation_id"

    invitation_id: str = Field(max_length=100)
    coordinator_id: str = Field(max_length=100)
    member_state: str = Field(max_length=2)
    new_status: str | None = Field(
        default=None, max_length=40, json_schema_extra=expects(*INVITATION_ENDS)
    )
    changed_at: AwareDatetime


USED: tuple[type[Event], ...] = (
    UserCreated,
    UserRemoved,
    AuthorityStatusChanged,
    InvitationStatusChanged,
)


def directory_catalog() -> EventCatalog:
    return EventCatalog(*USED)
