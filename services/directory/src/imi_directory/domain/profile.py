"""What the directory's rules read of any authority (DIR-137, DIR-138, DIR-139), and the
queries over it.

`AuthorityProfile` is a read-only description: the `Authority` aggregate satisfies it, and
every rule module (permissions, roles, policies, staff, invitations, access, editing, role
changes) depends on this module instead of on the aggregate, so none of them imports
`authority.py`. The records the profile exposes (`LegislativeAreaAccess`, `WorkflowAccess`)
are the aggregate's parts; only command functions called by the aggregate change them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Protocol

from imi_shared.errors import NotFound

from .enums import AccessStatus, AdminRole, AuthorityStatus, Workflow, is_coordinator_workflow_role
from .records import LegislativeAreaAccess, WorkflowAccess

_BEING_VALIDATED = (AuthorityStatus.REGISTRATION_REQUESTED, AuthorityStatus.REGISTRATION_REFUSED)


class AuthorityProfile(Protocol):
    """The fields of an authority the rules read (DIR-022, DIR-137)."""

    @property
    def id(self) -> str: ...

    @property
    def member_state(self) -> str: ...

    @property
    def region(self) -> str | None: ...

    @property
    def official_name(self) -> str: ...

    @property
    def status(self) -> AuthorityStatus: ...

    @property
    def status_changed_at(self) -> datetime: ...

    @property
    def validating_coordinator_id(self) -> str | None: ...

    @property
    def legislative_areas(self) -> Mapping[str, LegislativeAreaAccess]: ...


def la(authority: AuthorityProfile, la_code: str) -> LegislativeAreaAccess:
    """DIR-138: the authority's access to one LA, or NotFound."""
    try:
        return authority.legislative_areas[la_code]
    except KeyError:
        raise NotFound("DIR-138", f"no access to legislative area {la_code!r}") from None


def workflow(authority: AuthorityProfile, la_code: str, flow: Workflow) -> WorkflowAccess:
    """DIR-139: the authority's access to one workflow of one LA, or NotFound."""
    try:
        return la(authority, la_code).workflows[flow]
    except KeyError:
        raise NotFound("DIR-139", f"no access to the {flow} workflow of {la_code!r}") from None


def admin_role_in(
    authority: AuthorityProfile, la_code: str, *, active_only: bool = False
) -> AdminRole | None:
    access = authority.legislative_areas.get(la_code)
    if access is None or (active_only and access.status is not AccessStatus.ACTIVE):
        return None
    return access.admin_role


def highest_admin_role(authority: AuthorityProfile, *, active_only: bool = False) -> AdminRole:
    roles = [
        access.admin_role
        for access in authority.legislative_areas.values()
        if not active_only or access.status is AccessStatus.ACTIVE
    ]
    if not roles:
        return AdminRole.COMPETENT_AUTHORITY
    return max(roles, key=lambda r: r.rank)


def workflow_accesses(authority: AuthorityProfile) -> Iterator[tuple[str, WorkflowAccess]]:
    for access in authority.legislative_areas.values():
        for held in access.workflows.values():
            yield access.la_code, held


def access_statuses(authority: AuthorityProfile) -> Iterator[AccessStatus]:
    for access in authority.legislative_areas.values():
        yield access.status
        for held in access.workflows.values():
            yield held.status


def is_coordinator(authority: AuthorityProfile) -> bool:
    """Holds a coordinator role: an admin role other than CA in some LA, or a coordinator
    workflow role (used for DIR-021 and DIR-086)."""
    return any(a.admin_role.is_coordinator for a in authority.legislative_areas.values()) or any(
        is_coordinator_workflow_role(w.role) for _, w in workflow_accesses(authority)
    )


def being_validated(authority: AuthorityProfile) -> bool:
    """Self-registered and not yet validated (DIR-078)."""
    return authority.status in _BEING_VALIDATED
