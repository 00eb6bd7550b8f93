"""Role changes and coordinator-function reassignment (DIR-019, DIR-020, DIR-025, DIR-026,
DIR-127..DIR-129).

Roles and access coordinators are set on the authority's access records; changes to the
authority's own fields (horizontal competence, validating coordinator) are handed back to the
aggregate (`AuthorityChange.fields`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from imi_shared.errors import Conflict, Forbidden, InvalidInput

from .actors import Actor
from .changes import AuthorityChange
from .enums import AccessStatus, AdminFunction, AdminRole, Workflow, WorkflowRole, workflow_of_role
from .events import AuthorityRoleChanged, CoordinatorFunctionReassigned
from .permissions import is_access_da, is_validating_da, require_access_da, require_validating_da
from .profile import AuthorityProfile, being_validated, la
from .profile import workflow as find_workflow
from .reference import LegislativeAreaCatalog
from .roles import (
    check_coordinator_name,
    check_inbox_flag,
    check_may_assign_workflow_role,
    check_may_manage,
    check_outranks,
    check_role_uniqueness,
)


def _check_role_changer(
    authority: AuthorityProfile,
    actor: Actor,
    la_code: str,
    coordinator: AuthorityProfile | None,
    rule_id: str,
) -> None:
    allowed = is_access_da(authority, la_code, actor) or (
        being_validated(authority) and is_validating_da(authority, actor)
    )
    if not allowed:
        raise Forbidden(rule_id, "only the access coordinator may change the role")
    if actor.is_user and (coordinator is None or coordinator.id != actor.authority_id):
        raise Forbidden(rule_id, "the coordinator given is not the actor's authority")


def change_workflow_role(
    authority: AuthorityProfile,
    actor: Actor,
    coordinator: AuthorityProfile | None,
    la_code: str,
    workflow: Workflow,
    new_role: WorkflowRole,
    now: datetime,
    *,
    is_alert_inbox: bool = False,
) -> list[AuthorityRoleChanged]:
    """DIR-127: only while the workflow access is `suspended` or `requested`, or the
    authority awaits validation (DIR-078); the coordinator must be allowed to assign the
    role (DIR-014)."""
    access = find_workflow(authority, la_code, workflow)
    if workflow_of_role(new_role) is not workflow:
        raise InvalidInput("DIR-002", f"{new_role} is not a role of the {workflow} workflow")
    _check_role_changer(authority, actor, la_code, coordinator, "DIR-127")
    if not being_validated(authority) and access.status not in (
        AccessStatus.SUSPENDED,
        AccessStatus.REQUESTED,
    ):
        raise Conflict(
            "DIR-127",
            f"the workflow role can change only while the access is suspended "
            f"or requested (it is {access.status})",
        )
    if coordinator is not None:
        check_may_assign_workflow_role(
            coordinator, la_code, new_role, is_alert_inbox, authority.member_state
        )
    check_inbox_flag(new_role, is_alert_inbox)
    old = access.role
    access.role, access.is_alert_inbox = new_role, is_alert_inbox
    return [
        AuthorityRoleChanged(
            authority_id=authority.id,
            member_state=authority.member_state,
            la_code=la_code,
            workflow=workflow,
            old_role=str(old),
            new_role=str(new_role),
            is_alert_inbox=is_alert_inbox,
            changed_at=now,
            actor_user_id=actor.user_id,
        )
    ]


def change_admin_role(
    authority: AuthorityProfile,
    /,
    actor: Actor,
    coordinator: AuthorityProfile | None,
    la_code: str,
    new_role: AdminRole,
    now: datetime,
    *,
    catalog: LegislativeAreaCatalog,
    others: Iterable[AuthorityProfile] = (),
) -> AuthorityChange:
    """DIR-128: only while the LA access is `suspended` (all its workflows suspended
    first) or `requested`, or before validation; DIR-129: uniqueness still holds."""
    area = la(authority, la_code)
    _check_role_changer(authority, actor, la_code, coordinator, "DIR-128")
    if not being_validated(authority):
        if area.status not in (AccessStatus.SUSPENDED, AccessStatus.REQUESTED):
            raise Conflict(
                "DIR-128",
                f"the LA role can change only while the LA access is suspended "
                f"or requested (it is {area.status})",
            )
        if any(w.status is AccessStatus.ACTIVE for w in area.workflows.values()):
            raise Conflict("DIR-128", "all workflow accesses must be suspended")
    region = None
    if coordinator is not None:
        check_may_manage(coordinator, la_code, area.admin_role, authority.member_state)
        acting = check_may_manage(coordinator, la_code, new_role, authority.member_state)
        if new_role is AdminRole.LIMIC and acting is AdminRole.SDIMIC:
            region = coordinator.region
    check_role_uniqueness(
        authority_id=authority.id,
        member_state=authority.member_state,
        la_code=la_code,
        role=new_role,
        coordination_region=region,
        others=others,
        rule_id="DIR-129",
    )
    roles = [r.admin_role for code, r in authority.legislative_areas.items() if code != la_code]
    check_coordinator_name(authority.official_name, [*roles, new_role], authority.region)
    old = area.admin_role
    area.admin_role, area.coordination_region = new_role, region
    if new_role.is_horizontal:
        area.keywords = sorted(catalog.keywords(la_code))  # DIR-026
    event = AuthorityRoleChanged(
        authority_id=authority.id,
        member_state=authority.member_state,
        la_code=la_code,
        workflow=None,
        old_role=str(old),
        new_role=str(new_role),
        changed_at=now,
        actor_user_id=actor.user_id,
    )
    # DIR-025: a NIMIC or SDIMIC has horizontal competence
    return AuthorityChange(
        [event], {"horizontal_competence": True} if new_role.is_horizontal else {}
    )


def reassign_validating_coordinator(
    authority: AuthorityProfile, /, actor: Actor, new_coordinator: AuthorityProfile, now: datetime
) -> AuthorityChange:
    """DIR-019: the validating coordinator may hand its function to another coordinator of
    the MS that outranks the authority (DIR-020)."""
    require_validating_da(authority, actor, "DIR-019")
    check_outranks(new_coordinator, authority)
    event = CoordinatorFunctionReassigned(
        authority_id=authority.id,
        member_state=authority.member_state,
        function=AdminFunction.VALIDATING_COORDINATOR,
        la_code=None,
        old_coordinator_id=authority.validating_coordinator_id,
        new_coordinator_id=new_coordinator.id,
        changed_at=now,
        actor_user_id=actor.user_id,
    )
    return AuthorityChange([event], {"validating_coordinator_id": new_coordinator.id})


def reassign_access_coordinator(
    authority: AuthorityProfile,
    actor: Actor,
    la_code: str,
    new_coordinator: AuthorityProfile,
    now: datetime,
) -> list[CoordinatorFunctionReassigned]:
    """DIR-019 / DIR-020: the new access coordinator must be able to manage the
    authority's role in that LA (DIR-014)."""
    area = la(authority, la_code)
    require_access_da(authority, la_code, actor, "DIR-019")
    try:
        check_may_manage(new_coordinator, la_code, area.admin_role, authority.member_state)
    except Forbidden as exc:
        raise Forbidden("DIR-020", exc.message) from exc
    old, area.access_coordinator_id = area.access_coordinator_id, new_coordinator.id
    return [
        CoordinatorFunctionReassigned(
            authority_id=authority.id,
            member_state=authority.member_state,
            function=AdminFunction.ACCESS_COORDINATOR,
            la_code=la_code,
            old_coordinator_id=old,
            new_coordinator_id=new_coordinator.id,
            changed_at=now,
            actor_user_id=actor.user_id,
        )
    ]
