"""The authority aggregate (DIR-022, DIR-137): one model, its rules in small modules.

`Authority` holds the stored state and delegates every command and query to a function that
sees it through the read-only `AuthorityProfile` (`profile.py`) and never imports this module:
the status machine in `authority_status.py`, access status changes in `access.py`, access
grants and requests in `access_grants.py`, data editing in `authority_editing.py`, role changes
in `role_changes.py`. A function changes the authority's access records (its parts) itself and
hands changes to the authority's own fields back as an `AuthorityChange`, which only the
aggregate applies. Registration factories are in `registration.py` and `self_registration.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Concatenate, ParamSpec

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from imi_shared.envelope import Event
from imi_shared.participants import MemberState

from . import access, access_grants, authority_editing, authority_status, profile, role_changes
from .actors import Actor
from .authority_status import (
    AUTHORITY_TRANSITIONS,
    INACTIVE_RETENTION_MONTHS,
    REFUSED_REGISTRATION_VALIDITY_MONTHS,
    AuthorityTransition,
    find_authority_transition,
)
from .changes import AuthorityChange
from .enums import AuthorityStatus
from .events import AuthorityRegistered, AuthorityStatusChanged
from .records import LegislativeAreaAccess, WorkflowAccess, new_workflow_access

__all__ = [
    "AUTHORITY_TRANSITIONS",
    "INACTIVE_RETENTION_MONTHS",
    "REFUSED_REGISTRATION_VALIDITY_MONTHS",
    "Authority",
    "AuthorityTransition",
    "LegislativeAreaAccess",
    "WorkflowAccess",
    "find_authority_transition",
    "new_workflow_access",
]

P = ParamSpec("P")


def _applied(
    command: Callable[Concatenate[profile.AuthorityProfile, P], AuthorityChange],
) -> Callable[Concatenate[Authority, P], list[Event]]:
    """The aggregate's method for a command that hands back an `AuthorityChange`."""

    @wraps(command)
    def method(self: Authority, /, *args: P.args, **kwargs: P.kwargs) -> list[Event]:
        return self.apply(command(self, *args, **kwargs))

    return method


class Authority(BaseModel):
    """DIR-137. Every authority belongs to exactly one member state (X-001)."""

    model_config = ConfigDict(validate_assignment=True)

    id: str
    member_state: MemberState
    region: str | None = None
    official_name: str
    informal_name: str = ""
    informal_name_language: str | None = None
    description: str = ""
    description_language: str | None = None
    spoken_languages: list[str] = Field(default_factory=list)
    address: str = ""
    phone: str = ""
    website: str = ""
    email: str
    status: AuthorityStatus
    status_changed_at: AwareDatetime
    registered_at: AwareDatetime
    horizontal_competence: bool = False
    nace_codes: list[str] = Field(default_factory=list)
    policy_area_codes: list[str] = Field(default_factory=list)
    validating_coordinator_id: str | None
    self_registered: bool = False
    invitation_id: str | None = None
    legislative_areas: dict[str, LegislativeAreaAccess] = Field(default_factory=dict)

    # queries (profile.py, authority_status.py)
    la = profile.la
    workflow = profile.workflow
    admin_role_in = profile.admin_role_in
    highest_admin_role = profile.highest_admin_role
    workflow_accesses = profile.workflow_accesses
    access_statuses = profile.access_statuses
    is_coordinator = property(profile.is_coordinator)
    being_validated = property(profile.being_validated)
    deletion_due_at = property(authority_status.deletion_due_at)

    # status machine, DIR-097..106 (authority_status.py; `validate` is a method below)
    refuse_registration = _applied(authority_status.refuse_registration)
    suspend = _applied(authority_status.suspend)
    reactivate = _applied(authority_status.reactivate)
    set_inactive = _applied(authority_status.set_inactive)
    purge = authority_status.purge

    # access status changes, DIR-112..128 (access.py); grants and requests, DIR-110/111
    change_access = access.change_access
    grant_la_access = _applied(access_grants.grant_la_access)
    grant_workflow_access = access_grants.grant_workflow_access
    request_la_access = _applied(access_grants.request_la_access)
    request_workflow_access = access_grants.request_workflow_access

    # data editing, DIR-017/018/027/030..038 (authority_editing.py)
    update_details = _applied(authority_editing.update_details)
    set_la_data = authority_editing.set_la_data
    set_associated_coordinators = authority_editing.set_associated_coordinators
    set_parameters = authority_editing.set_parameters

    # role changes, DIR-019/020/127..129 (role_changes.py)
    change_workflow_role = role_changes.change_workflow_role
    change_admin_role = _applied(role_changes.change_admin_role)
    reassign_validating_coordinator = _applied(role_changes.reassign_validating_coordinator)
    reassign_access_coordinator = role_changes.reassign_access_coordinator

    # events of registration (registration.py, self_registration.py)
    access_event = access.access_changed

    def validate(self, actor: Actor, now: datetime) -> list[Event]:  # type: ignore[override]
        """DIR-099 / DIR-101 / DIR-079 (shadows pydantic's deprecated `BaseModel.validate`)."""
        return self.apply(authority_status.validate(self, actor, now))

    def apply(self, change: AuthorityChange) -> list[Event]:
        """Set the authority fields a command changed, add its new LA access; its events."""
        for field, value in change.fields.items():
            setattr(self, field, value)
        if change.added_la is not None:
            self.legislative_areas[change.added_la.la_code] = change.added_la
        return change.events

    def creation_status_event(self, actor: Actor | None) -> AuthorityStatusChanged:
        return AuthorityStatusChanged(
            authority_id=self.id,
            member_state=self.member_state,
            old_status=None,
            new_status=self.status,
            changed_at=self.registered_at,
            actor_user_id=actor.user_id if actor else None,
        )

    def registered_event(self, actor: Actor | None) -> AuthorityRegistered:
        return AuthorityRegistered(
            authority_id=self.id,
            member_state=self.member_state,
            official_name=self.official_name,
            informal_name=self.informal_name,
            informal_name_language=self.informal_name_language,
            region=self.region,
            email=self.email,
            status=self.status,
            self_registered=self.self_registered,
            validating_coordinator_id=self.validating_coordinator_id,
            horizontal_competence=self.horizontal_competence,
            legislative_areas=tuple(la.state() for la in self.legislative_areas.values()),
            registered_at=self.registered_at,
            actor_user_id=actor.user_id if actor else None,
        )
