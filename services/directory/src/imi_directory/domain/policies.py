"""Read-side predicates derived from statuses and roles, for the API, search and the other
services' read models (X-005, X-054, DIR-077, DIR-107, DIR-108, DIR-124..DIR-126, DIR-130,
DIR-133..DIR-135)."""

from __future__ import annotations

from .actors import Actor
from .enums import AccessStatus, AuthorityStatus, Workflow
from .permissions import is_validating_da
from .profile import AuthorityProfile

_ONGOING_ACCESS = (
    AccessStatus.ACTIVE,
    AccessStatus.SUSPENDED,
    AccessStatus.SUSPENDED_REACTIVATION_REQUESTED,
)


def can_exchange(authority: AuthorityProfile, la_code: str, workflow: Workflow) -> bool:
    """X-005 / DIR-107 / DIR-108 / DIR-124..126: send or receive NEW requests or alerts only
    with the authority, the LA access and the workflow access all `active`."""
    la = authority.legislative_areas.get(la_code)
    access = la.workflows.get(workflow) if la else None
    return (
        authority.status is AuthorityStatus.ACTIVE
        and la is not None
        and la.status is AccessStatus.ACTIVE
        and access is not None
        and access.status is AccessStatus.ACTIVE
    )


def can_continue_ongoing(authority: AuthorityProfile, la_code: str, workflow: Workflow) -> bool:
    """DIR-107 / DIR-126: a suspended authority, LA or workflow keeps taking part in its
    ongoing cases. An inactive authority only views them (DIR-108)."""
    la = authority.legislative_areas.get(la_code)
    access = la.workflows.get(workflow) if la else None
    return (
        authority.status in (AuthorityStatus.ACTIVE, AuthorityStatus.SUSPENDED)
        and la is not None
        and la.status in _ONGOING_ACCESS
        and access is not None
        and access.status in _ONGOING_ACCESS
    )


def can_view_past_cases(authority: AuthorityProfile) -> bool:
    """DIR-108: earlier requests and alerts stay viewable, also when inactive."""
    return authority.status in (
        AuthorityStatus.ACTIVE,
        AuthorityStatus.SUSPENDED,
        AuthorityStatus.INACTIVE,
    )


def can_register_users(authority: AuthorityProfile) -> bool:
    """DIR-108: new users may be registered even in an inactive authority (not before
    validation, DIR-079)."""
    return can_view_past_cases(authority)


def is_searchable(authority: AuthorityProfile) -> bool:
    """DIR-130 / DIR-077 / DIR-079: only active authorities appear in authority search."""
    return authority.status is AuthorityStatus.ACTIVE


def may_view(authority: AuthorityProfile, actor: Actor) -> bool:
    """DIR-077: an authority awaiting validation is visible only to the DAs of its validating
    coordinator (and to its own first user once validated)."""
    if authority.status is AuthorityStatus.REGISTRATION_REQUESTED:
        return is_validating_da(authority, actor)
    return True


def is_selectable_responder(authority: AuthorityProfile, la_code: str) -> bool:
    """DIR-133: a responding authority needs active request-workflow access and
    `may_accept_incoming_requests`; the coordinators responsible for the LA are always
    selectable (they need an active authority and LA access)."""
    if authority.status is not AuthorityStatus.ACTIVE:
        return False
    la = authority.legislative_areas.get(la_code)
    if la is None or la.status is not AccessStatus.ACTIVE:
        return False
    if la.admin_role.is_coordinator:
        return True
    access = la.workflows.get(Workflow.REQUESTS)
    return (
        access is not None
        and access.status is AccessStatus.ACTIVE
        and access.parameters.may_accept_incoming_requests
    )


def may_search_by_email(actor: Actor) -> bool:
    """DIR-134: only coordinator DAs search authorities by e-mail addresses."""
    return actor.is_data_admin


def is_default_mailing_target(authority: AuthorityProfile, coordinator_id: str) -> bool:
    """DIR-135: by default a coordinator mails the authorities it registered (validating
    coordinator) or is linked to (access or associated coordinator)."""
    if authority.validating_coordinator_id == coordinator_id:
        return True
    return any(
        la.access_coordinator_id == coordinator_id
        or coordinator_id in la.linked_authority_ids
        or any(coordinator_id in w.associated_coordinator_ids for w in la.workflows.values())
        for la in authority.legislative_areas.values()
    )
