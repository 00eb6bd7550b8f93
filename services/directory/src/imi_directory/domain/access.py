"""LA-access and workflow-access status machines (DIR-112..DIR-128).

`ACCESS_TRANSITIONS` (`access_table.py`) is the table of DIR §3.11; `change_access` applies
one row after checking the actor and the row's preconditions, changing the status on the
authority's access records and returning the events. Creating an access (DIR-110 grant, DIR-111 request) is in
`access_grants.py`. The caller tells how many cases are still open (DIR-118/119).
"""

from __future__ import annotations

from datetime import datetime

from imi_shared.errors import Conflict, Forbidden

from .access_table import (
    ACCESS_TRANSITIONS,
    AccessAction,
    AccessActor,
    AccessLevel,
    AccessTransition,
    find_access_transition,
)
from .actors import Actor
from .enums import AccessStatus, AuthorityStatus, Workflow
from .events import AccessChanged
from .permissions import require_access_da, require_lda
from .profile import AuthorityProfile, is_coordinator, la
from .profile import workflow as find_workflow
from .timeutil import require_aware

__all__ = [
    "ACCESS_TRANSITIONS",
    "AccessAction",
    "AccessActor",
    "AccessLevel",
    "AccessTransition",
    "access_changed",
    "change_access",
    "find_access_transition",
    "set_access_status",
]


def change_access(
    authority: AuthorityProfile,
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
    area = la(authority, la_code)
    current = (
        area.status if workflow is None else find_workflow(authority, la_code, workflow).status
    )
    row = find_access_transition(level, action, current)
    _check_access_actor(authority, row, actor, la_code)
    if row.actor is AccessActor.LDA:
        require_active_authority(authority, "DIR-109")
        if workflow is not None:
            require_active_la(authority, la_code, row.rule_id)
    if (
        action is AccessAction.SUSPEND
        and workflow is None
        and any(w.status is AccessStatus.ACTIVE for w in area.workflows.values())
    ):
        raise Conflict("DIR-128", "suspend every workflow access of the LA before the LA access")
    if action is AccessAction.REMOVE:
        if open_cases is None:
            raise ValueError("removing an access needs the number of open cases")
        if open_cases > 0:
            raise Conflict(row.rule_id, f"{open_cases} cases are still open")
        if workflow is None and any(not w.status.is_removed_like for w in area.workflows.values()):
            raise Conflict("DIR-118", "all workflows of the LA must be removed")
    if AccessStatus.ACTIVE in row.targets:
        _check_may_activate(authority, la_code, workflow)
    return [
        set_access_status(authority, la_code, workflow, target, now, actor, str(action))
        for target in row.targets
    ]


def set_access_status(
    authority: AuthorityProfile,
    la_code: str,
    workflow: Workflow | None,
    new: AccessStatus | None,
    now: datetime,
    actor: Actor | None,
    action: str,
) -> AccessChanged:
    """Change an existing access status (`new` None: delete the workflow access)."""
    require_aware(now)
    area = la(authority, la_code)
    target = area if workflow is None else find_workflow(authority, la_code, workflow)
    old = target.status
    if new is None:
        if workflow is None:
            raise ValueError("only a workflow access request is deleted (DIR-113)")
        del area.workflows[workflow]
    else:
        target.status, target.status_changed_at = new, now
    return access_changed(authority, la_code, workflow, old, new, now, actor, action)


def access_changed(
    authority: AuthorityProfile,
    la_code: str,
    workflow: Workflow | None,
    old: AccessStatus | None,
    new: AccessStatus | None,
    now: datetime,
    actor: Actor | None,
    action: str,
) -> AccessChanged:
    return AccessChanged(
        authority_id=authority.id,
        member_state=authority.member_state,
        la_code=la_code,
        workflow=workflow,
        old_status=old,
        new_status=new,
        action=action,
        changed_at=now,
        actor_user_id=actor.user_id if actor else None,
    )


# ------------------------------------------------------------------ checks


def _check_access_actor(
    authority: AuthorityProfile, row: AccessTransition, actor: Actor, la_code: str
) -> None:
    if row.actor is AccessActor.LDA:
        require_lda(authority, actor, row.rule_id)
    elif row.action is AccessAction.SUSPEND and is_coordinator(authority):
        if not actor.is_helpdesk:
            raise Forbidden(
                "DIR-021", "suspending a coordinator's access needs the Commission helpdesk"
            )
    else:
        require_access_da(authority, la_code, actor, row.rule_id)


def _check_may_activate(
    authority: AuthorityProfile, la_code: str, workflow: Workflow | None
) -> None:
    """An access becomes active only in an active authority (DIR-107 [INFERRED]), a
    workflow only in an active LA (DIR-125), an «autorité» workflow only with an
    associated coordinator (DIR-027)."""
    require_active_authority(authority, "DIR-107")
    if workflow is not None:
        require_active_la(authority, la_code, "DIR-125")
        access = find_workflow(authority, la_code, workflow)
        if access.needs_associated_coordinator and not access.associated_coordinator_ids:
            raise Conflict("DIR-027", "at least one associated coordinator is needed")


def require_active_authority(authority: AuthorityProfile, rule_id: str) -> None:
    if authority.status is not AuthorityStatus.ACTIVE:
        raise Conflict(rule_id, f"the authority is {authority.status}, not active")


def require_active_la(authority: AuthorityProfile, la_code: str, rule_id: str) -> None:
    if la(authority, la_code).status is not AccessStatus.ACTIVE:
        raise Conflict(rule_id, f"the access to {la_code!r} is not active")


def require_new_la(authority: AuthorityProfile, la_code: str, rule_id: str) -> None:
    if la_code in authority.legislative_areas:
        raise Conflict(rule_id, f"the authority already has access to {la_code!r}")


def require_new_workflow(authority: AuthorityProfile, la_code: str, workflow: Workflow) -> None:
    if workflow in la(authority, la_code).workflows:
        raise Conflict("DIR-110", f"the authority already has the {workflow} workflow")
