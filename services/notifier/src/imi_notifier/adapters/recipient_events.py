"""The notifier's narrow models of the directory events its recipients read model needs
(`imi.directory.events`, X-053): user roles and statuses, authority e-mail, spoken languages,
allocation and status (NOT-002..NOT-005, NOT-007, NOT-009).

Never imports `imi_directory`: only the fields read here, every other one ignored;
`tests/test_directory_contract.py` checks each against the directory's checked-in schemas.
Contact data (the authority's e-mail) arrives sealed under `authority:<id>` and is unsealed in
`handlers/recipients.py` only.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from imi_shared.contracts import expects
from imi_shared.envelope import Event
from imi_shared.sealing import SealedValue

ID = 100
REQUESTS_WORKFLOW = "requests"
ALLOCATION = "allocation_enabled"  # DIR-033
LANGUAGES = "spoken_languages"  # DIR-017 (not a contact field: in clear in `changes`)


class RoleAssignment(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    role: str = Field(max_length=40)
    la_code: str | None = Field(default=None, max_length=60)
    workflow: str | None = Field(default=None, max_length=20)


class LegislativeArea(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    la_code: str = Field(max_length=60)


class _UserEvent(Event):
    aggregate_type: ClassVar[str] = "user"
    aggregate_id_field: ClassVar[str] = "user_id"

    user_id: str = Field(max_length=ID)
    authority_id: str = Field(max_length=ID)
    member_state: str = Field(max_length=2)


class UserRolesChanged(_UserEvent):
    event_type: ClassVar[str] = "user.roles_changed"

    roles: tuple[RoleAssignment, ...] = Field(max_length=500)  # the whole set after the change


class UserRemoved(_UserEvent):
    """DIR-090: rights withdrawn at once (NOT-005)."""

    event_type: ClassVar[str] = "user.removed"


class UserLockedOut(_UserEvent):
    event_type: ClassVar[str] = "user.locked_out"


class UserCredentialsReset(_UserEvent):
    """DIR-095: a reset lifts a lock-out (the user may log in again)."""

    event_type: ClassVar[str] = "user.credentials_reset"
    # NOT-038: the new temporary password, sealed under `user:<id>`, if the directory sends it
    # (its 1.0 schema has none yet: the mail then says the password comes from the LDA)
    temporary_password: SealedValue | None = None


class _AuthorityEvent(Event):
    aggregate_type: ClassVar[str] = "authority"
    aggregate_id_field: ClassVar[str] = "authority_id"

    authority_id: str = Field(max_length=ID)
    member_state: str = Field(max_length=2)


class AuthorityRegistered(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.registered"
    schema_version: ClassVar[str] = "2.1"

    status: str = Field(max_length=40)
    contact: SealedValue  # {email} sealed under `authority:<id>` (NOT-002)
    # NOT-033: the summary of a self-registration (name, member state, number of LAs)
    self_registered: bool = False
    official_name: str = Field(default="", max_length=300)
    legislative_areas: tuple[LegislativeArea, ...] = Field(default=(), max_length=200)


class AuthorityDataChanged(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.data_changed"
    schema_version: ClassVar[str] = "1.1"

    la_code: str | None = Field(default=None, max_length=60)
    changes: dict[str, str | bool | list[str] | None] = Field(max_length=50)
    sealed_contact: SealedValue | None = None  # the changed contact fields (e-mail)


class AuthorityParametersChanged(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.parameters_changed"

    la_code: str = Field(max_length=60)
    workflow: str = Field(max_length=20, json_schema_extra=expects(REQUESTS_WORKFLOW))
    parameters: dict[str, bool] = Field(max_length=50)  # the whole set after the change


class AccessChanged(_AuthorityEvent):
    """LA access (`workflow` None) or workflow access changed; `new_status` None: the access
    request was refused and deleted (DIR-113)."""

    event_type: ClassVar[str] = "authority.access_changed"

    la_code: str = Field(max_length=60)
    workflow: str | None = Field(default=None, max_length=20)
    new_status: str | None = Field(
        default=None, max_length=40, json_schema_extra=expects("removed", "active")
    )


class AuthorityDeleted(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.deleted"


USED: tuple[type[Event], ...] = (
    UserRolesChanged,
    UserRemoved,
    UserLockedOut,
    UserCredentialsReset,
    AuthorityRegistered,
    AuthorityDataChanged,
    AuthorityParametersChanged,
    AccessChanged,
    AuthorityDeleted,
)
