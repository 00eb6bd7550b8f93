"""Who acts: the token's principal combined with the directory read model (X-054).

The token says who the user is, its authority, member state and user rights per
"<la>/<workflow>"; the read model says what the authority is in the alerts workflow now
(roles, inbox flag, access and authority status, linked coordinators, `final_approval`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from imi_shared.auth import Principal

from ..adapters.directory_events import ALERTS_WORKFLOW, SERVICES_LA
from ..adapters.directory_view import DirectoryReads, workflow_access
from ..domain import (
    AccessStatus,
    Actor,
    AlertRight,
    AuthorityAlertRole,
    AuthorityStatus,
    CoordinatorRef,
    Forbidden,
    InvalidInput,
    RecipientAuthority,
)

RIGHTS_KEY = f"{SERVICES_LA}/{ALERTS_WORKFLOW}"  # alerts exist only in the services LA
_RIGHTS = {r.value: r for r in AlertRight}


def alert_rights(principal: Principal) -> frozenset[AlertRight]:
    return frozenset(_RIGHTS[r] for r in principal.user_rights.get(RIGHTS_KEY, ()) if r in _RIGHTS)


def alert_roles(doc: dict[str, Any]) -> frozenset[AuthorityAlertRole]:
    alerts = doc.get("alerts") or {}
    role = alerts.get("role")
    if role == AuthorityAlertRole.ALERT_COORDINATOR:
        roles = {AuthorityAlertRole.ALERT_COORDINATOR}
        if alerts.get("is_alert_inbox"):
            roles.add(AuthorityAlertRole.ALERT_INBOX)
        return frozenset(roles)
    if role == AuthorityAlertRole.ALERT_AUTHORITY:
        return frozenset({AuthorityAlertRole.ALERT_AUTHORITY})
    return frozenset()


def _statuses(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "workflow_access": AccessStatus(workflow_access(doc)),
        "authority_status": AuthorityStatus(doc.get("status") or "inactive"),
    }


async def actor_for(principal: Principal, directory: DirectoryReads) -> Actor:
    base = dict(
        user_id=principal.user_id,
        authority_id=principal.authority_id,
        member_state=principal.member_state,
        rights=alert_rights(principal),
    )
    if principal.is_commission:
        return Actor(**base)
    doc = await directory.get(principal.authority_id)
    if doc is None:
        raise Forbidden(
            "X-054",
            f"authority {principal.authority_id} is not (yet) known to "
            "this deployment's directory read model",
        )
    if doc["member_state"] != principal.member_state:
        raise Forbidden(
            "X-001",
            f"authority {principal.authority_id} belongs to "
            f"{doc['member_state']}, not {principal.member_state}",
        )
    alerts = doc.get("alerts") or {}
    return Actor(
        **base,
        authority_roles=alert_roles(doc),
        associated_coordinator_ids=frozenset(alerts.get("associated_coordinator_ids") or ()),
        **_statuses(doc),
    )


async def coordinator_ref(
    directory: DirectoryReads, authority_id: str, rule_id: str
) -> CoordinatorRef:
    found = await find_coordinator(directory, authority_id)
    if found is None:
        raise InvalidInput(rule_id, f"{authority_id} is not an alert coordinator")
    return found


async def find_coordinator(directory: DirectoryReads, authority_id: str) -> CoordinatorRef | None:
    """The alert coordinator, or None: the domain refuses it after the rights (X-010)."""
    doc = await directory.get(authority_id)
    roles = alert_roles(doc) if doc else frozenset()
    if doc is None or AuthorityAlertRole.ALERT_COORDINATOR not in roles:
        return None
    alerts = doc["alerts"]
    return CoordinatorRef(
        authority_id=authority_id,
        member_state=doc["member_state"],
        final_approval=bool(alerts.get("final_approval")),
        is_alert_inbox=AuthorityAlertRole.ALERT_INBOX in roles,
    )


async def recipient_authorities(
    directory: DirectoryReads, authority_ids: Iterable[str], rule_id: str
) -> list[RecipientAuthority]:
    ids = list(authority_ids)
    docs = await directory.many(ids)
    out = []
    for authority_id in ids:
        doc = docs.get(authority_id)
        roles = alert_roles(doc) if doc else frozenset()
        if not roles:
            raise InvalidInput(rule_id, f"{authority_id} takes no part in the alerts workflow")
        role = (
            AuthorityAlertRole.ALERT_INBOX
            if AuthorityAlertRole.ALERT_INBOX in roles
            else AuthorityAlertRole.ALERT_COORDINATOR
            if AuthorityAlertRole.ALERT_COORDINATOR in roles
            else AuthorityAlertRole.ALERT_AUTHORITY
        )
        if doc["member_state"] == "EU":
            raise InvalidInput(rule_id, f"{authority_id} is the Commission's")
        out.append(
            RecipientAuthority(
                authority_id=authority_id,
                member_state=doc["member_state"],
                role=role,
                **_statuses(doc),
            )
        )
    return out
