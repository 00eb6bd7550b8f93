"""Rules on the set of users of one authority (DIR-044, DIR-084..DIR-089): which rights are
open to it, the LDA defaults, the role constraints checked when saving, the 2-user warning."""

from __future__ import annotations

from collections.abc import Iterable

from imi_shared.errors import InvalidInput

from .enums import (
    ALERT_USER_ROLES,
    AlertWorkflowRole,
    RequestWorkflowRole,
    UserRole,
    UserStatus,
    Workflow,
)
from .profile import AuthorityProfile
from .user_roles import BASIC_USER, LOCAL_DATA_ADMIN, RoleAssignment, scoped
from .users import User

RECOMMENDED_MINIMUM_USERS = 2  # DIR-089


def available_roles(authority: AuthorityProfile) -> frozenset[RoleAssignment]:
    """Every right open to the authority's users, given its roles and accesses (not removed):
    `data_admin` only for coordinators, `arbiter` only for request coordinators,
    `alert_forwarder` only for alert coordinators (DIR-086)."""
    result = {LOCAL_DATA_ADMIN, BASIC_USER}
    for la in authority.legislative_areas.values():
        if la.status.is_removed_like:
            continue
        if la.admin_role.is_coordinator:
            result.add(scoped(UserRole.DATA_ADMIN, la.la_code))
        for access in la.workflows.values():
            if access.status.is_removed_like:
                continue
            if access.workflow is Workflow.REQUESTS:
                roles = {UserRole.REQUEST_VIEWER, UserRole.REQUEST_HANDLER, UserRole.ALLOCATOR}
                if access.role is RequestWorkflowRole.REQUEST_COORDINATOR:
                    roles.add(UserRole.ARBITER)
            else:
                roles = {UserRole.ALERT_VIEWER, UserRole.ALERT_HANDLER}
                if access.role is AlertWorkflowRole.ALERT_COORDINATOR:
                    roles.add(UserRole.ALERT_FORWARDER)
            result.update(scoped(r, la.la_code, access.workflow) for r in roles)
    return frozenset(result)


def lda_default_roles(authority: AuthorityProfile) -> frozenset[RoleAssignment]:
    """DIR-087: every LDA holds `allocator` and every alert role open to the authority."""
    return frozenset(
        scoped(a.role, a.la_code, a.workflow, is_default=True)
        for a in available_roles(authority)
        if a.role is UserRole.ALLOCATOR or a.role in ALERT_USER_ROLES
    )


_WHY_NOT = {
    UserRole.ARBITER: "arbiter is only for users of request coordinators",
    UserRole.ALERT_FORWARDER: "alert_forwarder is only for users of alert coordinators",
    UserRole.DATA_ADMIN: "data_admin is only for users of coordinators",
}


def check_assignable(authority: AuthorityProfile, roles: Iterable[RoleAssignment]) -> None:
    """DIR-086: refuse rights the authority's role or accesses do not open."""
    open_keys = {a.key for a in available_roles(authority)}
    for assignment in roles:
        if assignment.key in open_keys:
            continue
        reason = _WHY_NOT.get(assignment.role) if _la_open(authority, assignment) else None
        raise InvalidInput(
            "DIR-086",
            reason
            or f"the authority has no access for {assignment.role} in "
            f"{assignment.la_code}/{assignment.workflow}",
        )


def _la_open(authority: AuthorityProfile, assignment: RoleAssignment) -> bool:
    la = authority.legislative_areas.get(assignment.la_code or "")
    if la is None or la.status.is_removed_like:
        return False
    return assignment.workflow is None or assignment.workflow in la.workflows


def complete_roles(
    authority: AuthorityProfile, roles: Iterable[RoleAssignment]
) -> list[RoleAssignment]:
    """Add `basic_user` (DIR-084) and, for an LDA, the automatic rights (DIR-087)."""
    by_key: dict = {}
    for assignment in roles:
        by_key.setdefault(assignment.key, assignment.model_copy(update={"is_default": False}))
    by_key.setdefault(BASIC_USER.key, BASIC_USER)
    if LOCAL_DATA_ADMIN.key in by_key:
        for default in lda_default_roles(authority):
            by_key[default.key] = default
    return sorted(by_key.values(), key=lambda a: (a.role, a.la_code or "", a.workflow or ""))


def role_violations(authority: AuthorityProfile, users: Iterable[User]) -> frozenset[str]:
    """DIR-086: per LA with requests access, ≥1 `request_handler`; with allocation on,
    ≥1 `allocator`; as request coordinator, ≥1 `arbiter`; as coordinator, ≥1 `data_admin`."""
    held = {r.key for u in users if u.status is not UserStatus.REMOVED for r in u.roles}
    missing: set[str] = set()

    def need(role: UserRole, la_code: str, workflow: Workflow | None = None) -> None:
        if (role, la_code, workflow) not in held:
            missing.add(f"{role} in {la_code}" + (f"/{workflow}" if workflow else ""))

    for la in authority.legislative_areas.values():
        if la.status.is_removed_like:
            continue
        if la.admin_role.is_coordinator:
            need(UserRole.DATA_ADMIN, la.la_code)
        access = la.workflows.get(Workflow.REQUESTS)
        if access is None or access.status.is_removed_like:
            continue
        need(UserRole.REQUEST_HANDLER, la.la_code, Workflow.REQUESTS)
        if access.parameters.allocation_enabled:
            need(UserRole.ALLOCATOR, la.la_code, Workflow.REQUESTS)
        if access.role is RequestWorkflowRole.REQUEST_COORDINATOR:
            need(UserRole.ARBITER, la.la_code, Workflow.REQUESTS)
    return frozenset(missing)


def check_role_constraints(
    authority: AuthorityProfile, before: Iterable[User], after: Iterable[User]
) -> None:
    """DIR-086 enforced when saving: a change may not create a new violation (violations that
    already existed, e.g. right after a new access was granted, do not block other saves)."""
    new = role_violations(authority, after) - role_violations(authority, before)
    if new:
        raise InvalidInput("DIR-086", f"at least one user must keep: {sorted(new)}")


def staff_warnings(users: Iterable[User]) -> list[str]:
    """DIR-089: warn (do not refuse) when fewer than 2 users can cover absences."""
    count = sum(1 for u in users if u.status is not UserStatus.REMOVED)
    if count < RECOMMENDED_MINIMUM_USERS:
        return [
            (
                f"DIR-089: the authority has {count} user(s); "
                f"{RECOMMENDED_MINIMUM_USERS} are recommended to cover absences"
            )
        ]
    return []
