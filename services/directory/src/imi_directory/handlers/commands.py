"""Commands of the authority handlers. They double as HTTP request bodies (path parameters
such as the authority id, LA and workflow are passed to the handlers separately)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..domain.enums import AdminRole
from ..domain.registration import AuthorityDetails, LegislativeAreaSpec

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class RegisterAuthority(BaseModel):
    """DIR-040: general data, LA access with admin role, workflow access with role,
    associated coordinators and parameters. `member_state` defaults to the registrar's."""

    model_config = _FROZEN

    member_state: str | None = None
    details: AuthorityDetails
    legislative_areas: list[LegislativeAreaSpec]


class UpdateAuthorityData(BaseModel):
    """DIR-017 / DIR-023 / DIR-029: only the fields given change. Unknown fields are passed on
    to the domain, which refuses them naming DIR-022."""

    model_config = ConfigDict(frozen=True, extra="allow")

    official_name: str | None = None
    informal_name: str | None = None
    informal_name_language: str | None = None
    description: str | None = None
    description_language: str | None = None
    spoken_languages: list[str] | None = None
    address: str | None = None
    phone: str | None = None
    website: str | None = None
    email: str | None = None
    region: str | None = None
    nace_codes: list[str] | None = None
    policy_area_codes: list[str] | None = None
    horizontal_competence: bool | None = None

    def changes(self) -> dict:
        return self.model_dump(exclude_unset=True)


class UpdateLegislativeAreaData(BaseModel):
    """DIR-018 / DIR-026 / DIR-029: keywords, professions, linked authorities of one LA."""

    model_config = _FROZEN

    keywords: list[str] | None = None
    professions: list[str] | None = None
    linked_authority_ids: list[str] | None = None


class SetAssociatedCoordinators(BaseModel):
    model_config = _FROZEN

    coordinator_ids: list[str]


class SetParameters(BaseModel):
    """DIR-030..DIR-038: the parameters to change (name → value)."""

    model_config = _FROZEN

    parameters: dict[str, bool] = Field(min_length=1)


class AccessDetails(BaseModel):
    """Body of an access action. A new LA access (grant DIR-110 / request DIR-111) uses
    `keywords`, `admin_role` and, for a request, `access_coordinator_id`; a new workflow access
    uses `role`, `is_alert_inbox`, `associated_coordinator_ids` and `parameters`."""

    model_config = _FROZEN

    keywords: list[str] = Field(default_factory=list)
    admin_role: AdminRole = AdminRole.COMPETENT_AUTHORITY
    access_coordinator_id: str | None = None
    role: str | None = None
    is_alert_inbox: bool = False
    associated_coordinator_ids: list[str] = Field(default_factory=list)
    parameters: dict[str, bool] = Field(default_factory=dict)


class ChangeAdminRole(BaseModel):
    model_config = _FROZEN

    admin_role: AdminRole


class ChangeWorkflowRole(BaseModel):
    model_config = _FROZEN

    role: str
    is_alert_inbox: bool = False


class ReassignCoordinator(BaseModel):
    """DIR-019: the coordinator taking over the validating or access function."""

    model_config = _FROZEN

    coordinator_id: str
