"""LA-access and workflow-access status machines (DIR-110..DIR-126), mixed into `Authority`.

`ACCESS_TRANSITIONS` is the table of DIR §3.11; `change_access` applies one row after checking
the actor and the row's preconditions. Creating an access (DIR-110 grant, DIR-111 request) has
its own methods. The caller tells the aggregate how many cases are still open (DIR-118/119).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from .actors import Actor
from .enums import AccessStatus, AdminRole, AuthorityStatus, Workflow, WorkflowRole
from .errors import Conflict, InvalidTransition, PermissionDenied, PreconditionFailed
from .events import AccessChanged
from .parameters import updated_parameters
from .permissions import require_access_da, require_lda
from .records import LegislativeAreaAccess, new_workflow_access
from .reference import LegislativeAreaCatalog
from .roles import (
    check_associated_coordinators,
    check_inbox_flag,
    check_may_assign_workflow_role,
    check_may_manage,
    check_role_uniqueness,
)

if TYPE_CHECKING:
    from .authority import Authority


class AccessLevel(StrEnum):
    LEGISLATIVE_AREA = "legislative_area"
    WORKFLOW = "workflow"


class AccessAction(StrEnum):
    GRANT = "grant"
    REFUSE = "refuse"
    SUSPEND = "suspend"
    REACTIVATE = "reactivate"
    REQUEST_REACTIVATION = "request_reactivation"
    ACCEPT_REACTIVATION = "accept_reactivation"
    REFUSE_REACTIVATION = "refuse_reactivation"
    REMOVE = "remove"
    START_REACTIVATION = "start_reactivation"


class AccessActor(StrEnum):
    ACCESS_COORDINATOR = "access_coordinator_da"
    LDA = "authority_lda"


class AccessTransition(NamedTuple):
    rule_id: str
    levels: frozenset[AccessLevel]
    source: AccessStatus
    action: AccessAction
    targets: tuple[AccessStatus | None, ...]  # None: the access request is deleted
    actor: AccessActor


A, L, W = AccessStatus, AccessLevel.LEGISLATIVE_AREA, AccessLevel.WORKFLOW
BOTH, LA_ONLY, WF_ONLY = frozenset({L, W}), frozenset({L}), frozenset({W})
AC, LDA = AccessActor.ACCESS_COORDINATOR, AccessActor.LDA
X = AccessAction
ACCESS_TRANSITIONS: tuple[AccessTransition, ...] = (
    AccessTransition("DIR-112", BOTH, A.REQUESTED, X.GRANT, (A.ACTIVE,), AC),
    AccessTransition("DIR-113", WF_ONLY, A.REQUESTED, X.REFUSE, (None,), AC),
    AccessTransition("DIR-114", BOTH, A.ACTIVE, X.SUSPEND, (A.SUSPENDED,), AC),
    AccessTransition("DIR-115", BOTH, A.SUSPENDED, X.REACTIVATE, (A.ACTIVE,), AC),
    AccessTransition(
        "DIR-116",
        BOTH,
        A.SUSPENDED,
        X.REQUEST_REACTIVATION,
        (A.SUSPENDED_REACTIVATION_REQUESTED,),
        LDA,
    ),
    AccessTransition(
        "DIR-117", BOTH, A.SUSPENDED_REACTIVATION_REQUESTED, X.ACCEPT_REACTIVATION, (A.ACTIVE,), AC
    ),
    AccessTransition(
        "DIR-117",
        BOTH,
        A.SUSPENDED_REACTIVATION_REQUESTED,
        X.REFUSE_REACTIVATION,
        (A.SUSPENDED,),
        AC,
    ),
    AccessTransition("DIR-118", LA_ONLY, A.SUSPENDED, X.REMOVE, (A.REMOVED,), AC),
    AccessTransition("DIR-119", WF_ONLY, A.SUSPENDED, X.REMOVE, (A.REMOVED,), AC),
    AccessTransition(
        "DIR-120", BOTH, A.REMOVED, X.REQUEST_REACTIVATION, (A.REMOVED_REACTIVATION_REQUESTED,), LDA
    ),
    AccessTransition("DIR-121", LA_ONLY, A.REMOVED, X.START_REACTIVATION, (A.SUSPENDED,), AC),
    AccessTransition(
        "DIR-122",
        BOTH,
        A.REMOVED_REACTIVATION_REQUESTED,
        X.ACCEPT_REACTIVATION,
        (A.SUSPENDED, A.ACTIVE),
        AC,
    ),
    AccessTransition(
        "DIR-123", BOTH, A.REMOVED_REACTIVATION_REQUESTED, X.REFUSE_REACTIVATION, (A.REMOVED,), AC
    ),
)


def find_access_transition(
    level: AccessLevel, action: AccessAction, source: AccessStatus
) -> AccessTransition:
    rows = [r for r in ACCESS_TRANSITIONS if r.action is action]
    at_level = [r for r in rows if level in r.levels]
    if not at_level:
        raise InvalidTransition(rows[0].rule_id, f"{action} does not exist for {level} access")
    for row in at_level:
        if row.source is source:
            return row
    allowed = ", ".join(str(r.source) for r in at_level)
    raise InvalidTransition(
        at_level[0].rule_id,
        f"cannot {action} a {level} access that is {source} (only from: {allowed})",
    )


class AccessOperations:
    """LA/workflow access operations of `Authority` (mixin)."""

    def change_access(
        self: Authority,
        action: AccessAction,
        actor: Actor,
        la_code: str,
        now: datetime,
        *,
        workflow: Workflow | None = None,
        open_cases: int | None = None,
    ) -> list[AccessChanged]:
        """Apply one row of the DIR §3.11 table to the LA access or to one workflow access."""
        level = AccessLevel.LEGISLATIVE_AREA if workflow is None else AccessLevel.WORKFLOW
        la = self.la(la_code)
        current = la.status if workflow is None else self.workflow(la_code, workflow).status
        row = find_access_transition(level, action, current)
        self._check_access_actor(row, actor, la_code)
        if row.actor is AccessActor.LDA:
            self._require_active_authority("DIR-109")
            if workflow is not None:
                self._require_active_la(la_code, row.rule_id)
        if (
            action is AccessAction.SUSPEND
            and workflow is None
            and any(w.status is AccessStatus.ACTIVE for w in la.workflows.values())
        ):
            raise PreconditionFailed(
                "DIR-128", "suspend every workflow access of the LA before the LA access"
            )
        if action is AccessAction.REMOVE:
            if open_cases is None:
                raise ValueError("removing an access needs the number of open cases")
            if open_cases > 0:
                raise PreconditionFailed(row.rule_id, f"{open_cases} cases are still open")
            if workflow is None and any(
                not w.status.is_removed_like for w in la.workflows.values()
            ):
                raise PreconditionFailed("DIR-118", "all workflows of the LA must be removed")
        if AccessStatus.ACTIVE in row.targets:
            self._check_may_activate(la_code, workflow)
        return [
            self._set_access(la_code, workflow, target, now, actor, str(action))
            for target in row.targets
        ]

    def grant_la_access(
        self: Authority,
        actor: Actor,
        coordinator: Authority,
        la_code: str,
        now: datetime,
        *,
        catalog: LegislativeAreaCatalog,
        keywords: Iterable[str] = (),
        admin_role: AdminRole = AdminRole.COMPETENT_AUTHORITY,
        others: Iterable[Authority] = (),
    ) -> list[AccessChanged]:
        """DIR-110: a coordinator grants an active authority access to a new LA; it becomes
        the access coordinator of that LA (DIR-019)."""

        catalog.get(la_code)
        self._require_new_la(la_code, "DIR-110")
        self._require_active_authority("DIR-107")
        if not actor.is_da_of(coordinator.id, la_code):
            raise PermissionDenied("DIR-110", "only a coordinator's data administrator may grant")
        acting = check_may_manage(coordinator, la_code, admin_role, self.member_state)
        region = (
            coordinator.region
            if (admin_role is AdminRole.LIMIC and acting is AdminRole.SDIMIC)
            else None
        )
        check_role_uniqueness(
            authority_id=self.id,
            member_state=self.member_state,
            la_code=la_code,
            role=admin_role,
            coordination_region=region,
            others=others,
        )
        self.legislative_areas[la_code] = LegislativeAreaAccess(
            la_code=la_code,
            admin_role=admin_role,
            status=AccessStatus.ACTIVE,
            access_coordinator_id=coordinator.id,
            coordination_region=region,
            keywords=self._checked_keywords(la_code, admin_role, keywords, catalog),
            status_changed_at=now,
        )
        return [self.access_event(la_code, None, None, AccessStatus.ACTIVE, now, actor, "grant")]

    def grant_workflow_access(
        self: Authority,
        actor: Actor,
        coordinator: Authority | None,
        la_code: str,
        workflow: Workflow,
        now: datetime,
        *,
        catalog: LegislativeAreaCatalog,
        role: WorkflowRole | None = None,
        is_alert_inbox: bool = False,
        associated: Iterable[Authority] = (),
        parameters: Mapping[str, bool] | None = None,
    ) -> list[AccessChanged]:
        """DIR-110: the access coordinator grants a workflow of an active LA (DIR-125)."""

        catalog.check_pair(la_code, workflow)
        self._require_new_workflow(la_code, workflow)
        self._require_active_authority("DIR-107")
        self._require_active_la(la_code, "DIR-125")
        require_access_da(self, la_code, actor, "DIR-110")
        access = new_workflow_access(
            workflow, AccessStatus.ACTIVE, now, role, is_alert_inbox=is_alert_inbox
        )
        if self.la(la_code).access_coordinator_id is not None:
            if coordinator is None or coordinator.id != self.la(la_code).access_coordinator_id:
                raise PermissionDenied("DIR-110", "the coordinator is not the access coordinator")
            check_may_assign_workflow_role(
                coordinator, la_code, access.role, is_alert_inbox, self.member_state
            )
        else:
            check_inbox_flag(access.role, is_alert_inbox)
        access.associated_coordinator_ids = check_associated_coordinators(
            self, la_code, workflow, associated
        )
        if access.needs_associated_coordinator and not access.associated_coordinator_ids:
            raise PreconditionFailed("DIR-027", "at least one associated coordinator is needed")
        access.parameters = updated_parameters(
            access.parameters, access.role, dict(parameters or {}), at_registration=True
        )
        self.la(la_code).workflows[workflow] = access
        return [
            self.access_event(la_code, workflow, None, AccessStatus.ACTIVE, now, actor, "grant")
        ]

    def request_la_access(
        self: Authority,
        actor: Actor,
        la_code: str,
        now: datetime,
        *,
        access_coordinator: Authority,
        catalog: LegislativeAreaCatalog,
        keywords: Iterable[str],
    ) -> list[AccessChanged]:
        """DIR-111 / DIR-109: an LDA of an active authority asks for a new LA."""

        require_lda(self, actor, "DIR-111")
        self._require_active_authority("DIR-109")
        catalog.get(la_code)
        self._require_new_la(la_code, "DIR-111")
        check_may_manage(
            access_coordinator, la_code, AdminRole.COMPETENT_AUTHORITY, self.member_state
        )
        self.legislative_areas[la_code] = LegislativeAreaAccess(
            la_code=la_code,
            admin_role=AdminRole.COMPETENT_AUTHORITY,
            status=AccessStatus.REQUESTED,
            access_coordinator_id=access_coordinator.id,
            keywords=self._checked_keywords(
                la_code, AdminRole.COMPETENT_AUTHORITY, keywords, catalog
            ),
            status_changed_at=now,
        )
        return [
            self.access_event(la_code, None, None, AccessStatus.REQUESTED, now, actor, "request")
        ]

    def request_workflow_access(
        self: Authority,
        actor: Actor,
        la_code: str,
        workflow: Workflow,
        now: datetime,
        *,
        catalog: LegislativeAreaCatalog,
    ) -> list[AccessChanged]:
        """DIR-111 / DIR-109 / DIR-125: any workflow of an active LA may be requested."""

        require_lda(self, actor, "DIR-111")
        self._require_active_authority("DIR-109")
        catalog.check_pair(la_code, workflow)
        self._require_active_la(la_code, "DIR-125")
        self._require_new_workflow(la_code, workflow)
        self.la(la_code).workflows[workflow] = new_workflow_access(
            workflow, AccessStatus.REQUESTED, now
        )
        return [
            self.access_event(
                la_code, workflow, None, AccessStatus.REQUESTED, now, actor, "request"
            )
        ]

    # ------------------------------------------------------------------ checks

    def _check_access_actor(
        self: Authority, row: AccessTransition, actor: Actor, la_code: str
    ) -> None:
        if row.actor is AccessActor.LDA:
            require_lda(self, actor, row.rule_id)
        elif row.action is AccessAction.SUSPEND and self.is_coordinator:
            if not actor.is_helpdesk:
                raise PermissionDenied(
                    "DIR-021", "suspending a coordinator's access needs the Commission helpdesk"
                )
        else:
            require_access_da(self, la_code, actor, row.rule_id)

    def _check_may_activate(self: Authority, la_code: str, workflow: Workflow | None) -> None:
        """An access becomes active only in an active authority (DIR-107 [INFERRED]), a
        workflow only in an active LA (DIR-125), an «autorité» workflow only with an
        associated coordinator (DIR-027)."""
        self._require_active_authority("DIR-107")
        if workflow is not None:
            self._require_active_la(la_code, "DIR-125")
            access = self.workflow(la_code, workflow)
            if access.needs_associated_coordinator and not access.associated_coordinator_ids:
                raise PreconditionFailed("DIR-027", "at least one associated coordinator is needed")

    def _require_active_authority(self: Authority, rule_id: str) -> None:
        if self.status is not AuthorityStatus.ACTIVE:
            raise PreconditionFailed(rule_id, f"the authority is {self.status}, not active")

    def _require_active_la(self: Authority, la_code: str, rule_id: str) -> None:
        if self.la(la_code).status is not AccessStatus.ACTIVE:
            raise PreconditionFailed(rule_id, f"the access to {la_code!r} is not active")

    def _require_new_la(self: Authority, la_code: str, rule_id: str) -> None:
        if la_code in self.legislative_areas:
            raise Conflict(rule_id, f"the authority already has access to {la_code!r}")

    def _require_new_workflow(self: Authority, la_code: str, workflow: Workflow) -> None:
        if workflow in self.la(la_code).workflows:
            raise Conflict("DIR-110", f"the authority already has the {workflow} workflow")

    def _checked_keywords(
        self: Authority,
        la_code: str,
        role: AdminRole,
        keywords: Iterable[str],
        catalog: LegislativeAreaCatalog,
    ) -> list[str]:
        """DIR-026: ≥1 keyword from the LA's list; NIMIC and SDIMIC get every keyword."""
        if role.is_horizontal:
            return sorted(catalog.keywords(la_code))
        chosen = sorted(set(keywords))
        catalog.check_keywords(la_code, chosen)
        return chosen
