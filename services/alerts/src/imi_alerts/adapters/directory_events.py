"""Consumer-side schemas of the directory's events (`imi.directory.events`, X-050, X-054).

Services are independent: these models never import `imi_directory`; they keep only what the
alerts read model needs and ignore every other field. Instead of mirroring the directory's
enums, a field compared with a value declares it (`expects`), and
`tests/test_directory_contract.py` checks every model against the directory's checked-in
schemas (`services/directory/contract/schemas/`). Directory event types the alerts service has no use for are skipped
by the kernel's subscriber (no handler, no decoding).
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from imi_shared.contracts import expects
from imi_shared.envelope import Event, EventCatalog

SERVICES_LA = "services"  # the alerts workflow exists only in the services LA
ALERTS_WORKFLOW = "alerts"


class _Loose(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class WorkflowState(_Loose):
    workflow: str = Field(json_schema_extra=expects(ALERTS_WORKFLOW))
    status: str = Field(json_schema_extra=expects("active"))
    role: str
    is_alert_inbox: bool = False
    parameters: dict[str, bool] = {}
    associated_coordinator_ids: tuple[str, ...] = ()


class LegislativeAreaState(_Loose):
    la_code: str
    status: str = Field(json_schema_extra=expects("active"))
    workflows: tuple[WorkflowState, ...] = ()


class _AuthorityEvent(Event):
    aggregate_type: ClassVar[str] = "authority"

    authority_id: str
    member_state: str


class AuthorityRegistered(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.registered"
    schema_version: ClassVar[str] = "2.0"  # 2.0: the contact e-mail is sealed (unused here)

    official_name: str = ""
    status: str
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
    parameters: dict[str, bool]


class AuthorityRoleChanged(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.role_changed"

    la_code: str
    workflow: str | None = None
    new_role: str
    is_alert_inbox: bool = False


class AssociatedCoordinatorsChanged(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.associated_coordinators_changed"

    la_code: str
    workflow: str
    coordinator_ids: tuple[str, ...]


class AuthorityDeleted(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.deleted"

    deleted_at: AwareDatetime | None = None


USED: tuple[type[Event], ...] = (
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
