"""Creating an access (DIR-110 grant, DIR-111 request, DIR-019, DIR-026, DIR-027, DIR-125).

A new LA access is handed back to the aggregate (`AuthorityChange.added_la`); a new workflow
access is added to the authority's LA access record, which owns its workflows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from imi_shared.errors import Conflict, Forbidden

from .access import (
    access_changed,
    require_active_authority,
    require_active_la,
    require_new_la,
    require_new_workflow,
)
from .actors import Actor
from .changes import AuthorityChange
from .enums import AccessStatus, AdminRole, Workflow, WorkflowRole
from .events import AccessChanged
from .parameters import updated_parameters
from .permissions import require_access_da, require_lda
from .profile import AuthorityProfile, la
from .records import LegislativeAreaAccess, new_workflow_access
from .reference import LegislativeAreaCatalog
from .roles import (
    check_associated_coordinators,
    check_inbox_flag,
    check_may_assign_workflow_role,
    check_may_manage,
    check_role_uniqueness,
)


def grant_la_access(
    authority: AuthorityProfile,
    /,
    actor: Actor,
    coordinator: AuthorityProfile,
    la_code: str,
    now: datetime,
    *,
    catalog: LegislativeAreaCatalog,
    keywords: Iterable[str] = (),
    admin_role: AdminRole = AdminRole.COMPETENT_AUTHORITY,
    others: Iterable[AuthorityProfile] = (),
) -> AuthorityChange:
    """DIR-110: a coordinator grants an active authority access to a new LA; it becomes the
    access coordinator of that LA (DIR-019)."""
    catalog.get(la_code)
    require_new_la(authority, la_code, "DIR-110")
    require_active_authority(authority, "DIR-107")
    if not actor.is_da_of(coordinator.id, la_code):
        raise Forbidden("DIR-110", "only a coordinator's data administrator may grant")
    acting = check_may_manage(coordinator, la_code, admin_role, authority.member_state)
    region = (
        coordinator.region
        if (admin_role is AdminRole.LIMIC and acting is AdminRole.SDIMIC)
        else None
    )
    check_role_uniqueness(
        authority_id=authority.id,
        member_state=authority.member_state,
        la_code=la_code,
        role=admin_role,
        coordination_region=region,
        others=others,
    )
    added = LegislativeAreaAccess(
        la_code=la_code,
        admin_role=admin_role,
        status=AccessStatus.ACTIVE,
        access_coordinator_id=coordinator.id,
        coordination_region=region,
        keywords=checked_keywords(la_code, admin_role, keywords, catalog),
        status_changed_at=now,
    )
    event = access_changed(authority, la_code, None, None, AccessStatus.ACTIVE, now, actor, "grant")
    return AuthorityChange([event], added_la=added)


def grant_workflow_access(
    authority: AuthorityProfile,
    actor: Actor,
    coordinator: AuthorityProfile | None,
    la_code: str,
    workflow: Workflow,
    now: datetime,
    *,
    catalog: LegislativeAreaCatalog,
    role: WorkflowRole | None = None,
    is_alert_inbox: bool = False,
    associated: Iterable[AuthorityProfile] = (),
    parameters: Mapping[str, bool] | None = None,
) -> list[AccessChanged]:
    """DIR-110: the access coordinator grants a workflow of an active LA (DIR-125)."""
    catalog.check_pair(la_code, workflow)
    require_new_workflow(authority, la_code, workflow)
    require_active_authority(authority, "DIR-107")
    require_active_la(authority, la_code, "DIR-125")
    require_access_da(authority, la_code, actor, "DIR-110")
    access = new_workflow_access(
        workflow, AccessStatus.ACTIVE, now, role, is_alert_inbox=is_alert_inbox
    )
    area = la(authority, la_code)
    if area.access_coordinator_id is not None:
        if coordinator is None or coordinator.id != area.access_coordinator_id:
            raise Forbidden("DIR-110", "the coordinator is not the access coordinator")
        check_may_assign_workflow_role(
            coordinator, la_code, access.role, is_alert_inbox, authority.member_state
        )
    else:
        check_inbox_flag(access.role, is_alert_inbox)
    access.associated_coordinator_ids = check_associated_coordinators(
        authority, la_code, workflow, associated
    )
    if access.needs_associated_coordinator and not access.associated_coordinator_ids:
        raise Conflict("DIR-027", "at least one associated coordinator is needed")
    access.parameters = updated_parameters(
        access.parameters, access.role, dict(parameters or {}), at_registration=True
    )
    area.workflows[workflow] = access
    return [
        access_changed(authority, la_code, workflow, None, AccessStatus.ACTIVE, now, actor, "grant")
    ]


def request_la_access(
    authority: AuthorityProfile,
    /,
    actor: Actor,
    la_code: str,
    now: datetime,
    *,
    access_coordinator: AuthorityProfile,
    catalog: LegislativeAreaCatalog,
    keywords: Iterable[str],
) -> AuthorityChange:
    """DIR-111 / DIR-109: an LDA of an active authority asks for a new LA."""
    require_lda(authority, actor, "DIR-111")
    require_active_authority(authority, "DIR-109")
    catalog.get(la_code)
    require_new_la(authority, la_code, "DIR-111")
    check_may_manage(
        access_coordinator, la_code, AdminRole.COMPETENT_AUTHORITY, authority.member_state
    )
    added = LegislativeAreaAccess(
        la_code=la_code,
        admin_role=AdminRole.COMPETENT_AUTHORITY,
        status=AccessStatus.REQUESTED,
        access_coordinator_id=access_coordinator.id,
        keywords=checked_keywords(la_code, AdminRole.COMPETENT_AUTHORITY, keywords, catalog),
        status_changed_at=now,
    )
    event = access_changed(
        authority, la_code, None, None, AccessStatus.REQUESTED, now, actor, "request"
    )
    return AuthorityChange([event], added_la=added)


def request_workflow_access(
    authority: AuthorityProfile,
    actor: Actor,
    la_code: str,
    workflow: Workflow,
    now: datetime,
    *,
    catalog: LegislativeAreaCatalog,
) -> list[AccessChanged]:
    """DIR-111 / DIR-109 / DIR-125: any workflow of an active LA may be requested."""
    require_lda(authority, actor, "DIR-111")
    require_active_authority(authority, "DIR-109")
    catalog.check_pair(la_code, workflow)
    require_active_la(authority, la_code, "DIR-125")
    require_new_workflow(authority, la_code, workflow)
    la(authority, la_code).workflows[workflow] = new_workflow_access(
        workflow, AccessStatus.REQUESTED, now
    )
    return [
        access_changed(
            authority, la_code, workflow, None, AccessStatus.REQUESTED, now, actor, "request"
        )
    ]


def checked_keywords(
    la_code: str, role: AdminRole, keywords: Iterable[str], catalog: LegislativeAreaCatalog
) -> list[str]:
    """DIR-026: ≥1 keyword from the LA's list; NIMIC and SDIMIC get every keyword."""
    if role.is_horizontal:
        return sorted(catalog.keywords(la_code))
    chosen = sorted(set(keywords))
    catalog.check_keywords(la_code, chosen)
    return chosen
