"""The authority aggregate (DIR-022, DIR-137) and its status machine (DIR-097..106).

LA and workflow access operations are in `access.py`, data editing in `authority_editing.py`,
role changes in `role_changes.py` (mixed into `Authority`); registration factories are in
`registration.py` and `self_registration.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import NamedTuple

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from imi_shared.participants import MemberState

from .access import AccessOperations
from .actors import Actor
from .authority_editing import EditingOperations
from .enums import (
    AccessStatus,
    AdminRole,
    AuthorityStatus,
    Workflow,
    is_coordinator_workflow_role,
)
from .errors import InvalidTransition, NotFound, PreconditionFailed
from .events import AccessChanged, AuthorityDeleted, AuthorityRegistered, AuthorityStatusChanged
from .permissions import require_validating_da
from .records import LegislativeAreaAccess, WorkflowAccess, new_workflow_access

__all__ = [
    "AUTHORITY_TRANSITIONS",
    "Authority",
    "AuthorityTransition",
    "LegislativeAreaAccess",
    "WorkflowAccess",
    "find_authority_transition",
    "new_workflow_access",
]
from .role_changes import RoleChangeOperations
from .timeutil import add_months, require_aware

REFUSED_REGISTRATION_VALIDITY_MONTHS = 6  # DIR-101, DIR-102, X-035
INACTIVE_RETENTION_MONTHS = 6  # DIR-106, X-036


class AuthorityTransition(NamedTuple):
    rule_id: str
    source: AuthorityStatus | None
    action: str
    target: AuthorityStatus | None  # None: deleted


S = AuthorityStatus
AUTHORITY_TRANSITIONS: tuple[AuthorityTransition, ...] = (
    AuthorityTransition("DIR-097", None, "register", S.ACTIVE),
    AuthorityTransition("DIR-098", None, "self_register", S.REGISTRATION_REQUESTED),
    AuthorityTransition("DIR-099", S.REGISTRATION_REQUESTED, "validate", S.ACTIVE),
    AuthorityTransition(
        "DIR-100", S.REGISTRATION_REQUESTED, "refuse_registration", S.REGISTRATION_REFUSED
    ),
    AuthorityTransition("DIR-101", S.REGISTRATION_REFUSED, "validate", S.ACTIVE),
    AuthorityTransition("DIR-102", S.REGISTRATION_REFUSED, "purge", None),
    AuthorityTransition("DIR-103", S.ACTIVE, "suspend", S.SUSPENDED),
    AuthorityTransition("DIR-104", S.SUSPENDED, "reactivate", S.ACTIVE),
    AuthorityTransition("DIR-105", S.SUSPENDED, "set_inactive", S.INACTIVE),
    AuthorityTransition("DIR-106", S.INACTIVE, "purge", None),
)


def find_authority_transition(status: AuthorityStatus | None, action: str) -> AuthorityTransition:
    rows = [row for row in AUTHORITY_TRANSITIONS if row.action == action]
    for row in rows:
        if row.source == status:
            return row
    allowed = ", ".join(str(r.source) for r in rows)
    raise InvalidTransition(
        rows[0].rule_id, f"cannot {action} an authority that is {status} (only from: {allowed})"
    )


class Authority(AccessOperations, EditingOperations, RoleChangeOperations, BaseModel):
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

    # ------------------------------------------------------------------ queries

    def la(self, la_code: str) -> LegislativeAreaAccess:
        try:
            return self.legislative_areas[la_code]
        except KeyError:
            raise NotFound("DIR-138", f"no access to legislative area {la_code!r}") from None

    def workflow(self, la_code: str, workflow: Workflow) -> WorkflowAccess:
        try:
            return self.la(la_code).workflows[workflow]
        except KeyError:
            raise NotFound(
                "DIR-139", f"no access to the {workflow} workflow of {la_code!r}"
            ) from None

    def admin_role_in(self, la_code: str, *, active_only: bool = False) -> AdminRole | None:
        la = self.legislative_areas.get(la_code)
        if la is None or (active_only and la.status is not AccessStatus.ACTIVE):
            return None
        return la.admin_role

    def highest_admin_role(self, *, active_only: bool = False) -> AdminRole:
        roles = [
            la.admin_role
            for la in self.legislative_areas.values()
            if not active_only or la.status is AccessStatus.ACTIVE
        ]
        if not roles:
            return AdminRole.COMPETENT_AUTHORITY
        return max(roles, key=lambda r: r.rank)

    @property
    def is_coordinator(self) -> bool:
        """Holds a coordinator role: an admin role other than CA in some LA, or a coordinator
        workflow role (used for DIR-021 and DIR-086)."""
        return any(la.admin_role.is_coordinator for la in self.legislative_areas.values()) or any(
            is_coordinator_workflow_role(w.role) for _, w in self.workflow_accesses()
        )

    def workflow_accesses(self) -> Iterator[tuple[str, WorkflowAccess]]:
        for la in self.legislative_areas.values():
            for access in la.workflows.values():
                yield la.la_code, access

    def access_statuses(self) -> Iterator[AccessStatus]:
        for la in self.legislative_areas.values():
            yield la.status
            for access in la.workflows.values():
                yield access.status

    @property
    def deletion_due_at(self) -> datetime | None:
        """DIR-102 / DIR-106: when a refused registration or an inactive authority is deleted."""
        if self.status is AuthorityStatus.REGISTRATION_REFUSED:
            return add_months(self.status_changed_at, REFUSED_REGISTRATION_VALIDITY_MONTHS)
        if self.status is AuthorityStatus.INACTIVE:
            return add_months(self.status_changed_at, INACTIVE_RETENTION_MONTHS)
        return None

    # ------------------------------------------------------------------ status machine

    def validate(self, actor: Actor, now: datetime) -> list:
        """DIR-099 / DIR-101 / DIR-079: activate the authority and its requested accesses."""
        require_aware(now)
        row = find_authority_transition(self.status, "validate")
        require_validating_da(self, actor, row.rule_id)
        if row.rule_id == "DIR-101" and now >= self.deletion_due_at:
            raise PreconditionFailed(
                "DIR-101", "a refused registration can be validated only within 6 months"
            )
        missing = [
            f"{code}/{access.workflow}"
            for code, access in self.workflow_accesses()
            if access.needs_associated_coordinator and not access.associated_coordinator_ids
        ]
        if missing:
            raise PreconditionFailed(
                "DIR-099", f"at least one associated coordinator is needed for: {missing}"
            )
        events: list = [self._set_status(AuthorityStatus.ACTIVE, now, actor)]
        for la in self.legislative_areas.values():
            if la.status is AccessStatus.REQUESTED:
                events.append(
                    self._set_access(la.la_code, None, AccessStatus.ACTIVE, now, actor, "validate")
                )
            for access in la.workflows.values():
                if access.status is AccessStatus.REQUESTED:
                    events.append(
                        self._set_access(
                            la.la_code, access.workflow, AccessStatus.ACTIVE, now, actor, "validate"
                        )
                    )
        return events

    def refuse_registration(self, actor: Actor, now: datetime) -> list:
        """DIR-100: exceptional refusal; the authority stays validatable for 6 months."""
        row = find_authority_transition(self.status, "refuse_registration")
        require_validating_da(self, actor, row.rule_id)
        return [self._set_status(AuthorityStatus.REGISTRATION_REFUSED, now, actor)]

    def suspend(self, actor: Actor, now: datetime) -> list:
        """DIR-103 / DIR-150: only once every LA and workflow access is suspended or removed
        (the «réactivation demandée» variants count as suspended/removed)."""
        row = find_authority_transition(self.status, "suspend")
        require_validating_da(self, actor, row.rule_id)
        if any(not (s.is_suspended_like or s.is_removed_like) for s in self.access_statuses()):
            raise PreconditionFailed(
                "DIR-103", "all LA and workflow accesses must first be suspended or removed"
            )
        return [self._set_status(AuthorityStatus.SUSPENDED, now, actor)]

    def reactivate(self, actor: Actor, now: datetime) -> list:
        """DIR-104."""
        row = find_authority_transition(self.status, "reactivate")
        require_validating_da(self, actor, row.rule_id)
        return [self._set_status(AuthorityStatus.ACTIVE, now, actor)]

    def set_inactive(self, actor: Actor, now: datetime, *, open_cases: int) -> list:
        """DIR-105: `open_cases` is the number of the authority's requests and alerts not yet
        closed (told by the caller)."""
        row = find_authority_transition(self.status, "set_inactive")
        require_validating_da(self, actor, row.rule_id)
        if open_cases > 0:
            raise PreconditionFailed("DIR-105", f"{open_cases} exchanges are still open")
        if any(not s.is_removed_like for s in self.access_statuses()):
            raise PreconditionFailed("DIR-105", "all LA and workflow accesses must be removed")
        return [self._set_status(AuthorityStatus.INACTIVE, now, actor)]

    def purge(self, now: datetime) -> list:
        """DIR-102 / DIR-106 (system): delete once the 6 months have passed."""
        require_aware(now)
        row = find_authority_transition(self.status, "purge")
        due = self.deletion_due_at
        if due is None or now < due:
            raise PreconditionFailed(row.rule_id, f"the authority is kept until {due}")
        return [
            AuthorityDeleted(
                authority_id=self.id,
                member_state=self.member_state,
                last_status=self.status,
                deleted_at=now,
            )
        ]

    # ------------------------------------------------------------------ helpers

    def _set_status(self, new: AuthorityStatus, now: datetime, actor: Actor | None):
        require_aware(now)
        old, self.status, self.status_changed_at = self.status, new, now
        return AuthorityStatusChanged(
            authority_id=self.id,
            member_state=self.member_state,
            old_status=old,
            new_status=new,
            changed_at=now,
            actor_user_id=actor.user_id if actor else None,
        )

    def _set_access(
        self,
        la_code: str,
        workflow: Workflow | None,
        new: AccessStatus | None,
        now: datetime,
        actor: Actor | None,
        action: str,
    ) -> AccessChanged:
        """Change an existing access status (`new` None: delete the workflow access)."""
        require_aware(now)
        la = self.la(la_code)
        target = la if workflow is None else self.workflow(la_code, workflow)
        old = target.status
        if new is None:
            del la.workflows[workflow]
        else:
            target.status, target.status_changed_at = new, now
        return self.access_event(la_code, workflow, old, new, now, actor, action)

    def creation_status_event(self, actor: Actor | None) -> AuthorityStatusChanged:
        return AuthorityStatusChanged(
            authority_id=self.id,
            member_state=self.member_state,
            old_status=None,
            new_status=self.status,
            changed_at=self.registered_at,
            actor_user_id=actor.user_id if actor else None,
        )

    def access_event(
        self,
        la_code: str,
        workflow: Workflow | None,
        old: AccessStatus | None,
        new: AccessStatus | None,
        now: datetime,
        actor: Actor | None,
        action: str,
    ) -> AccessChanged:
        return AccessChanged(
            authority_id=self.id,
            member_state=self.member_state,
            la_code=la_code,
            workflow=workflow,
            old_status=old,
            new_status=new,
            action=action,
            changed_at=now,
            actor_user_id=actor.user_id if actor else None,
        )

    def registered_event(self, actor: Actor | None) -> AuthorityRegistered:
        return AuthorityRegistered(
            authority_id=self.id,
            member_state=self.member_state,
            official_name=self.official_name,
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
