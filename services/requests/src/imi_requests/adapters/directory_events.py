"""Consumer-side schemas of the directory's events (`imi.directory.events`, X-050, X-054) for
the requests workflow: authorities, their LA and workflow access, role, parameters (DIR-030..
DIR-036) and associated coordinators (DIR-027).

Never imports `imi_directory`: only the fields this service reads, every other one ignored;
`tests/test_directory_contract.py` checks each model against the directory's checked-in
schemas. A field compared with a value declares it (`expects`).
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from imi_shared.contracts import expects
from imi_shared.envelope import Event, EventCatalog

REQUESTS_WORKFLOW = "requests"


class _Loose(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class WorkflowState(_Loose):
    workflow: str = Field(json_schema_extra=expects(REQUESTS_WORKFLOW))
    status: str = Field(json_schema_extra=expects("active"))
    role: str
    parameters: dict[str, bool] = {}
    associated_coordinator_ids: tuple[str, ...] = ()


class LegislativeAreaState(_Loose):
    la_code: str
    status: str = Field(json_schema_extra=expects("active"))
    workflows: tuple[WorkflowState, ...] = ()


class _AuthorityEvent(Event):
    aggregate_type: ClassVar[str] = "authority"
    aggregate_id_field: ClassVar[str] = "authority_id"

    authority_id: str
    member_state: str


class AuthorityRegistered(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.registered"
    schema_version: ClassVar[str] = "2.0"

    status: str = Field(json_schema_extra=expects("active"))
    legislative_areas: tuple[LegislativeAreaState, ...] = ()


class AuthorityStatusChanged(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.status_changed"

    new_status: str


class AccessChanged(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.access_changed"

    la_code: str
    workflow: str | None = None
    new_status: str | None = None  # None: the access request was refused and deleted


class AuthorityParametersChanged(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.parameters_changed"

    la_code: str
    workflow: str
    parameters: dict[str, bool]  # the whole set after the change


class AuthorityRoleChanged(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.role_changed"

    la_code: str
    workflow: str | None = None
    new_role: str


class AssociatedCoordinatorsChanged(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.associated_coordinators_changed"

    la_code: str
    workflow: str
    coordinator_ids: tuple[str, ...]


class AuthorityDeleted(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.deleted"


class RoleAssignment(_Loose):
    role: str
    la_code: str | None = None
    workflow: str | None = None


class _UserEvent(Event):
    aggregate_type: ClassVar[str] = "user"
    aggregate_id_field: ClassVar[str] = "user_id"

    user_id: str
    authority_id: str
    member_state: str


class UserCreated(_UserEvent):
    """Only the ids and roles: the user's personal data is not read here."""

    event_type: ClassVar[str] = "user.created"
    schema_version: ClassVar[str] = "2.0"

    roles: tuple[RoleAssignment, ...] = ()


class UserRolesChanged(_UserEvent):
    event_type: ClassVar[str] = "user.roles_changed"

    roles: tuple[RoleAssignment, ...]


class UserRemoved(_UserEvent):
    event_type: ClassVar[str] = "user.removed"


USED: tuple[type[Event], ...] = (
    UserCreated,
    UserRolesChanged,
    UserRemoved,
    AuthorityRegistered,
    AuthorityStatusChanged,
    AccessChanged,
    AuthorityParametersChanged,
    AuthorityRoleChanged,
    AssociatedCoordinatorsChanged,
    AuthorityDeleted,
)


def directory_catalog() -> EventCatalog:
    return EventCatalog(*USED)
