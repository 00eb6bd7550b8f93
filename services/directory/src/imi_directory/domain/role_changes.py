"""Role changes and coordinator-function reassignment (DIR-019, DIR-020, DIR-127..DIR-129),
mixed into `Authority`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from .actors import Actor
from .enums import AccessStatus, AdminFunction, AdminRole, Workflow, WorkflowRole, workflow_of_role
from .errors import InvalidData, InvalidTransition, PermissionDenied, PreconditionFailed
from .events import AuthorityRoleChanged, CoordinatorFunctionReassigned
from .permissions import is_access_da, is_validating_da, require_access_da, require_validating_da
from .reference import LegislativeAreaCatalog
from .roles import (
    check_coordinator_name,
    check_inbox_flag,
    check_may_assign_workflow_role,
    check_may_manage,
    check_outranks,
    check_role_uniqueness,
)

if TYPE_CHECKING:
    from .authority import Authority


class RoleChangeOperations:
    """Role changes of `Authority` (mixin)."""

    def _role_changer(
        self: Authority, actor: Actor, la_code: str, coordinator: Authority | None, rule_id: str
    ) -> None:
        allowed = is_access_da(self, la_code, actor) or (
            self.being_validated and is_validating_da(self, actor)
        )
        if not allowed:
            raise PermissionDenied(rule_id, "only the access coordinator may change the role")
        if actor.is_user and (coordinator is None or coordinator.id != actor.authority_id):
            raise PermissionDenied(rule_id, "the coordinator given is not the actor's authority")

    def change_workflow_role(
        self: Authority,
        actor: Actor,
        coordinator: Authority | None,
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
        access = self.workflow(la_code, workflow)
        if workflow_of_role(new_role) is not workflow:
            raise InvalidData("DIR-002", f"{new_role} is not a role of the {workflow} workflow")
        self._role_changer(actor, la_code, coordinator, "DIR-127")
        if not self.being_validated and access.status not in (
            AccessStatus.SUSPENDED,
            AccessStatus.REQUESTED,
        ):
            raise InvalidTransition(
                "DIR-127",
                f"the workflow role can change only while the access is suspended "
                f"or requested (it is {access.status})",
            )
        if coordinator is not None:
            check_may_assign_workflow_role(
                coordinator, la_code, new_role, is_alert_inbox, self.member_state
            )
        check_inbox_flag(new_role, is_alert_inbox)
        old = access.role
        access.role, access.is_alert_inbox = new_role, is_alert_inbox
        return [
            AuthorityRoleChanged(
                authority_id=self.id,
                member_state=self.member_state,
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
        self: Authority,
        actor: Actor,
        coordinator: Authority | None,
        la_code: str,
        new_role: AdminRole,
        now: datetime,
        *,
        catalog: LegislativeAreaCatalog,
        others: Iterable[Authority] = (),
    ) -> list[AuthorityRoleChanged]:
        """DIR-128: only while the LA access is `suspended` (all its workflows suspended
        first) or `requested`, or before validation; DIR-129: uniqueness still holds."""
        la = self.la(la_code)
        self._role_changer(actor, la_code, coordinator, "DIR-128")
        if not self.being_validated:
            if la.status not in (AccessStatus.SUSPENDED, AccessStatus.REQUESTED):
                raise InvalidTransition(
                    "DIR-128",
                    f"the LA role can change only while the LA access is suspended "
                    f"or requested (it is {la.status})",
                )
            if any(w.status is AccessStatus.ACTIVE for w in la.workflows.values()):
                raise PreconditionFailed("DIR-128", "all workflow accesses must be suspended")
        region = None
        if coordinator is not None:
            check_may_manage(coordinator, la_code, la.admin_role, self.member_state)
            acting = check_may_manage(coordinator, la_code, new_role, self.member_state)
            if new_role is AdminRole.LIMIC and acting is AdminRole.SDIMIC:
                region = coordinator.region
        check_role_uniqueness(
            authority_id=self.id,
            member_state=self.member_state,
            la_code=la_code,
            role=new_role,
            coordination_region=region,
            others=others,
            rule_id="DIR-129",
        )
        roles = [r.admin_role for code, r in self.legislative_areas.items() if code != la_code]
        check_coordinator_name(self.official_name, [*roles, new_role], self.region)
        old = la.admin_role
        la.admin_role, la.coordination_region = new_role, region
        if new_role.is_horizontal:
            la.keywords = sorted(catalog.keywords(la_code))  # DIR-026
            self.horizontal_competence = True  # DIR-025
        return [
            AuthorityRoleChanged(
                authority_id=self.id,
                member_state=self.member_state,
                la_code=la_code,
                workflow=None,
                old_role=str(old),
                new_role=str(new_role),
                changed_at=now,
                actor_user_id=actor.user_id,
            )
        ]

    def reassign_validating_coordinator(
        self: Authority, actor: Actor, new_coordinator: Authority, now: datetime
    ) -> list[CoordinatorFunctionReassigned]:
        """DIR-019: the validating coordinator may hand its function to another coordinator of
        the MS that outranks the authority (DIR-020)."""
        require_validating_da(self, actor, "DIR-019")
        check_outranks(new_coordinator, self)
        old, self.validating_coordinator_id = self.validating_coordinator_id, new_coordinator.id
        return [
            CoordinatorFunctionReassigned(
                authority_id=self.id,
                member_state=self.member_state,
                function=AdminFunction.VALIDATING_COORDINATOR,
                la_code=None,
                old_coordinator_id=old,
                new_coordinator_id=new_coordinator.id,
                changed_at=now,
                actor_user_id=actor.user_id,
            )
        ]

    def reassign_access_coordinator(
        self: Authority, actor: Actor, la_code: str, new_coordinator: Authority, now: datetime
    ) -> list[CoordinatorFunctionReassigned]:
        """DIR-019 / DIR-020: the new access coordinator must be able to manage the
        authority's role in that LA (DIR-014)."""
        la = self.la(la_code)
        require_access_da(self, la_code, actor, "DIR-019")
        try:
            check_may_manage(new_coordinator, la_code, la.admin_role, self.member_state)
        except PermissionDenied as exc:
            raise PermissionDenied("DIR-020", exc.message) from exc
        old, la.access_coordinator_id = la.access_coordinator_id, new_coordinator.id
        return [
            CoordinatorFunctionReassigned(
                authority_id=self.id,
                member_state=self.member_state,
                function=AdminFunction.ACCESS_COORDINATOR,
                la_code=la_code,
                old_coordinator_id=old,
                new_coordinator_id=new_coordinator.id,
                changed_at=now,
                actor_user_id=actor.user_id,
            )
        ]
