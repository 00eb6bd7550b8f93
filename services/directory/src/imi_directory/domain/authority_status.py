"""The authority status machine (DIR-097..DIR-106, DIR-079, DIR-150).

Each command checks the row of the DIR §3.10 table and its preconditions, and hands the new
status back to the aggregate (`AuthorityChange.fields`); validation also activates the
requested accesses on the authority's access records (DIR-079).
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from imi_shared.errors import Conflict

from .access import set_access_status
from .actors import Actor
from .changes import AuthorityChange
from .enums import AccessStatus, AuthorityStatus
from .events import AuthorityDeleted, AuthorityStatusChanged
from .permissions import require_validating_da
from .profile import AuthorityProfile, access_statuses, workflow_accesses
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
    raise Conflict(
        rows[0].rule_id, f"cannot {action} an authority that is {status} (only from: {allowed})"
    )


def deletion_due_at(authority: AuthorityProfile) -> datetime | None:
    """DIR-102 / DIR-106: when a refused registration or an inactive authority is deleted."""
    if authority.status is AuthorityStatus.REGISTRATION_REFUSED:
        return add_months(authority.status_changed_at, REFUSED_REGISTRATION_VALIDITY_MONTHS)
    if authority.status is AuthorityStatus.INACTIVE:
        return add_months(authority.status_changed_at, INACTIVE_RETENTION_MONTHS)
    return None


def validate(authority: AuthorityProfile, /, actor: Actor, now: datetime) -> AuthorityChange:
    """DIR-099 / DIR-101 / DIR-079: activate the authority and its requested accesses."""
    require_aware(now)
    row = find_authority_transition(authority.status, "validate")
    require_validating_da(authority, actor, row.rule_id)
    due = deletion_due_at(authority)
    if row.rule_id == "DIR-101" and due is not None and now >= due:
        raise Conflict("DIR-101", "a refused registration can be validated only within 6 months")
    missing = [
        f"{code}/{access.workflow}"
        for code, access in workflow_accesses(authority)
        if access.needs_associated_coordinator and not access.associated_coordinator_ids
    ]
    if missing:
        raise Conflict("DIR-099", f"at least one associated coordinator is needed for: {missing}")
    change = status_change(authority, AuthorityStatus.ACTIVE, now, actor)
    for la in authority.legislative_areas.values():
        if la.status is AccessStatus.REQUESTED:
            change.events.append(
                set_access_status(
                    authority, la.la_code, None, AccessStatus.ACTIVE, now, actor, "validate"
                )
            )
        for access in list(la.workflows.values()):
            if access.status is AccessStatus.REQUESTED:
                change.events.append(
                    set_access_status(
                        authority,
                        la.la_code,
                        access.workflow,
                        AccessStatus.ACTIVE,
                        now,
                        actor,
                        "validate",
                    )
                )
    return change


def refuse_registration(
    authority: AuthorityProfile, /, actor: Actor, now: datetime
) -> AuthorityChange:
    """DIR-100: exceptional refusal; the authority stays validatable for 6 months."""
    row = find_authority_transition(authority.status, "refuse_registration")
    require_validating_da(authority, actor, row.rule_id)
    return status_change(authority, AuthorityStatus.REGISTRATION_REFUSED, now, actor)


def suspend(authority: AuthorityProfile, /, actor: Actor, now: datetime) -> AuthorityChange:
    """DIR-103 / DIR-150: only once every LA and workflow access is suspended or removed
    (the «réactivation demandée» variants count as suspended/removed)."""
    row = find_authority_transition(authority.status, "suspend")
    require_validating_da(authority, actor, row.rule_id)
    if any(not (s.is_suspended_like or s.is_removed_like) for s in access_statuses(authority)):
        raise Conflict("DIR-103", "all LA and workflow accesses must first be suspended or removed")
    return status_change(authority, AuthorityStatus.SUSPENDED, now, actor)


def reactivate(authority: AuthorityProfile, /, actor: Actor, now: datetime) -> AuthorityChange:
    """DIR-104."""
    row = find_authority_transition(authority.status, "reactivate")
    require_validating_da(authority, actor, row.rule_id)
    return status_change(authority, AuthorityStatus.ACTIVE, now, actor)


def set_inactive(
    authority: AuthorityProfile, /, actor: Actor, now: datetime, *, open_cases: int
) -> AuthorityChange:
    """DIR-105: `open_cases` is the number of the authority's requests and alerts not yet
    closed (told by the caller)."""
    row = find_authority_transition(authority.status, "set_inactive")
    require_validating_da(authority, actor, row.rule_id)
    if open_cases > 0:
        raise Conflict("DIR-105", f"{open_cases} exchanges are still open")
    if any(not s.is_removed_like for s in access_statuses(authority)):
        raise Conflict("DIR-105", "all LA and workflow accesses must be removed")
    return status_change(authority, AuthorityStatus.INACTIVE, now, actor)


def purge(authority: AuthorityProfile, now: datetime) -> list[AuthorityDeleted]:
    """DIR-102 / DIR-106 (system): delete once the 6 months have passed."""
    require_aware(now)
    row = find_authority_transition(authority.status, "purge")
    due = deletion_due_at(authority)
    if due is None or now < due:
        raise Conflict(row.rule_id, f"the authority is kept until {due}")
    return [
        AuthorityDeleted(
            authority_id=authority.id,
            member_state=authority.member_state,
            last_status=authority.status,
            deleted_at=now,
        )
    ]


def status_change(
    authority: AuthorityProfile, new: AuthorityStatus, now: datetime, actor: Actor | None
) -> AuthorityChange:
    require_aware(now)
    event = AuthorityStatusChanged(
        authority_id=authority.id,
        member_state=authority.member_state,
        old_status=authority.status,
        new_status=new,
        changed_at=now,
        actor_user_id=actor.user_id if actor else None,
    )
    return AuthorityChange([event], {"status": new, "status_changed_at": now})
