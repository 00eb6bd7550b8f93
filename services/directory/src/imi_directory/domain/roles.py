"""The coordinator hierarchy (DIR-010..DIR-015, DIR-020, DIR-129): who may register, validate
and manage the access of whom, who may assign which workflow role, and role uniqueness.
"""

from __future__ import annotations

from collections.abc import Iterable

from imi_shared.errors import Conflict, Forbidden, InvalidInput

from .enums import (
    AdminRole,
    AlertWorkflowRole,
    AuthorityStatus,
    RequestWorkflowRole,
    Workflow,
    WorkflowRole,
    coordinator_workflow_role,
)
from .profile import AuthorityProfile, admin_role_in, highest_admin_role
from .reference import SERVICES

# DIR-014 rows 1-4: the roles each coordinator role may register/validate and whose access it
# manages. It is exactly "strictly higher in the hierarchy" (DIR-020); LIMIC and DIMIC act only
# in their own legislative areas (checked in `check_may_manage`).
MANAGEABLE_ROLES: dict[AdminRole, frozenset[AdminRole]] = {
    manager: frozenset(t for t in AdminRole if manager.is_coordinator and manager.rank > t.rank)
    for manager in AdminRole
}


def may_manage(manager: AdminRole, target: AdminRole) -> bool:
    return target in MANAGEABLE_ROLES[manager]


def may_assign_workflow_role(
    manager: AdminRole, la_code: str, role: WorkflowRole, is_alert_inbox: bool = False
) -> bool:
    """DIR-014 rows 5-6. Request roles: any coordinator. Alert roles: NIMIC and SDIMIC; the
    LIMIC only if it is the services LIMIC; a DIMIC only `alert_authority` [INFERRED]."""
    if not manager.is_coordinator:
        return False
    if isinstance(role, RequestWorkflowRole):
        return True
    if manager.is_horizontal:
        return True
    if manager is AdminRole.LIMIC:
        return la_code == SERVICES
    return role is AlertWorkflowRole.ALERT_AUTHORITY and not is_alert_inbox


def acting_role(coordinator: AuthorityProfile, la_code: str) -> AdminRole | None:
    """The admin role a coordinator acts with in an LA: its authority and its LA access must
    be active."""
    if coordinator.status is not AuthorityStatus.ACTIVE:
        return None
    return admin_role_in(coordinator, la_code, active_only=True)


def _check_same_state(coordinator: AuthorityProfile, member_state: str, rule_id: str) -> None:
    if coordinator.member_state != member_state:
        raise Forbidden(rule_id, "a coordinator acts only within its own member state")


def check_may_manage(
    coordinator: AuthorityProfile, la_code: str, target: AdminRole, member_state: str
) -> AdminRole:
    """Refuse unless `coordinator` may register/validate/manage an authority that holds (or
    will hold) `target` in `la_code`. Returns the coordinator's acting role."""
    _check_same_state(coordinator, member_state, "DIR-014")
    role = acting_role(coordinator, la_code)
    if role is None:
        raise Forbidden(
            "DIR-014", f"the coordinator has no active access to legislative area {la_code!r}"
        )
    if not role.is_coordinator:
        raise Forbidden(
            "DIR-015", "a competent authority cannot register authorities or manage LA access"
        )
    if role is AdminRole.SDIMIC and target is AdminRole.SDIMIC:
        raise Forbidden("DIR-011", "an SDIMIC cannot register other SDIMICs")
    if not may_manage(role, target):
        raise Forbidden("DIR-014", f"a {role} cannot register or manage a {target}")
    return role


def check_may_assign_workflow_role(
    coordinator: AuthorityProfile,
    la_code: str,
    role: WorkflowRole,
    is_alert_inbox: bool,
    member_state: str,
) -> None:
    check_inbox_flag(role, is_alert_inbox)
    _check_same_state(coordinator, member_state, "DIR-014")
    acting = acting_role(coordinator, la_code)
    if acting is None or not may_assign_workflow_role(acting, la_code, role, is_alert_inbox):
        what = f"{role} (alert inbox)" if is_alert_inbox else str(role)
        raise Forbidden("DIR-014", f"this coordinator may not assign the {what} role")


def check_inbox_flag(role: WorkflowRole, is_alert_inbox: bool) -> None:
    """DIR-003: only an alert coordinator may be an alert inbox."""
    if is_alert_inbox and role is not AlertWorkflowRole.ALERT_COORDINATOR:
        raise InvalidInput("DIR-003", "only an alert coordinator may be an alert inbox")


def check_outranks(
    coordinator: AuthorityProfile, authority: AuthorityProfile, rule_id: str = "DIR-020"
) -> None:
    """DIR-020: a coordinator is managed by a strictly higher-level coordinator of its MS."""
    _check_same_state(coordinator, authority.member_state, rule_id)
    if coordinator.status is not AuthorityStatus.ACTIVE:
        raise Forbidden(rule_id, "the new coordinator is not active")
    best = highest_admin_role(coordinator, active_only=True)
    target = highest_admin_role(authority)
    if best is None or not may_manage(best, target):
        raise Forbidden(
            rule_id, f"a {best or 'non-coordinator'} cannot manage an authority that is {target}"
        )


def _counts(other: AuthorityProfile) -> bool:
    return other.status not in (AuthorityStatus.REGISTRATION_REFUSED, AuthorityStatus.INACTIVE)


def check_role_uniqueness(
    *,
    authority_id: str,
    member_state: str,
    la_code: str,
    role: AdminRole,
    coordination_region: str | None,
    others: Iterable[AuthorityProfile],
    rule_id: str | None = None,
) -> None:
    """DIR-010: one NIMIC per MS. DIR-012: one LIMIC per LA per MS, or per region when an
    SDIMIC registered it (`coordination_region`). DIR-129 applies both to role changes."""
    for other in others:
        if other.id == authority_id or other.member_state != member_state or not _counts(other):
            continue
        for la in other.legislative_areas.values():
            if la.status.is_removed_like:
                continue
            if role is AdminRole.NIMIC and la.admin_role is AdminRole.NIMIC:
                raise Conflict(rule_id or "DIR-010", f"{member_state} already has a NIMIC")
            if (
                role is AdminRole.LIMIC
                and la.admin_role is AdminRole.LIMIC
                and la.la_code == la_code
                and la.coordination_region == coordination_region
            ):
                scope = f"region {coordination_region!r}" if coordination_region else member_state
                raise Conflict(rule_id or "DIR-012", f"{scope} already has a LIMIC for {la_code!r}")


def check_coordinator_name(
    official_name: str, roles: Iterable[AdminRole], region: str | None
) -> None:
    """DIR-013: NIMIC/SDIMIC names contain "NIMIC"/"SDIMIC"; SDIMIC names also the region."""
    held = set(roles)
    name = official_name.casefold()
    if AdminRole.SDIMIC in held:
        if "sdimic" not in name:
            raise InvalidInput("DIR-013", "an SDIMIC's name must contain 'SDIMIC'")
        if not region or region.casefold() not in name:
            raise InvalidInput("DIR-013", "an SDIMIC's name must also name its region")
    if AdminRole.NIMIC in held and "nimic" not in name.replace("sdimic", ""):
        raise InvalidInput("DIR-013", "a NIMIC's name must contain 'NIMIC'")


def check_associated_coordinators(
    authority: AuthorityProfile,
    la_code: str,
    workflow: Workflow,
    coordinators: Iterable[AuthorityProfile],
    rule_id: str = "DIR-027",
) -> list[str]:
    """DIR-027: associated coordinators are other authorities of the same MS that hold the
    coordinator role of that workflow in that LA (request coordinators for requests, alert
    coordinators for alerts). Returns their ids."""
    ids: list[str] = []
    wanted = coordinator_workflow_role(workflow)
    for coordinator in coordinators:
        if coordinator.id == authority.id:
            raise InvalidInput(rule_id, "an authority cannot be its own associated coordinator")
        if coordinator.member_state != authority.member_state:
            raise InvalidInput(rule_id, "associated coordinators belong to the same member state")
        access = coordinator.legislative_areas.get(la_code)
        held = access.workflows.get(workflow) if access else None
        if held is None or held.role is not wanted or held.status.is_removed_like:
            raise InvalidInput(rule_id, f"{coordinator.id} is not a {wanted} in {la_code!r}")
        if coordinator.id not in ids:
            ids.append(coordinator.id)
    return ids
