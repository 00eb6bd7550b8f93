"""A routed message: one template code to one recipient (a user, or an authority's registered
address), and its conversion into notifications (NOT-001, NOT-002). Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from .notification import Notification, new_notification
from .parties import AuthorityFacts, UserFacts

USER, AUTHORITY = "user", "authority"


@dataclass(frozen=True)
class Route:
    code: str
    kind: str  # USER | AUTHORITY
    recipient_id: str
    authority_id: str
    member_state: str
    language: str | None


def to_users(code: str, users: Iterable[UserFacts]) -> list[Route]:
    """Each user in their main working language (NOT-001)."""
    return [
        Route(code, USER, u.user_id, u.authority_id, u.member_state, u.main_language) for u in users
    ]


def authority_copy(code: str, authority: AuthorityFacts | None) -> list[Route]:
    """NOT-002: the same message to the authority's registered e-mail, in its first spoken
    language; none when the address is unknown or the authority gets no messages (NOT-005)."""
    if authority is None or not authority.has_email or not authority.reachable:
        return []
    return [
        Route(
            code,
            AUTHORITY,
            authority.authority_id,
            authority.authority_id,
            authority.member_state,
            authority.first_language,
        )
    ]


def unique(routes: Iterable[Route]) -> list[Route]:
    """One message per (code, recipient), in first-seen order."""
    seen: dict[tuple[str, str, str], Route] = {}
    for r in routes:
        seen.setdefault((r.code, r.kind, r.recipient_id), r)
    return list(seen.values())


def within(routes: Iterable[Route], scope: Iterable[str]) -> list[Route]:
    """The routes to recipients of the member states this deployment serves
    (`IMI_MEMBER_STATES`): each deployment mails its own participants' users and
    authorities, so a case seen by several deployments is never mailed twice."""
    served = frozenset(scope)
    return [r for r in routes if r.member_state in served]


def to_notifications(
    routes: Iterable[Route],
    source_event_id: str,
    now: datetime,
    *,
    case_type: str,
    case_id: str,
    scope: Iterable[str],
    case_ref: str | None = None,
) -> list[Notification]:
    """The notifications of the `routes` within `scope`: the case's reference and a link
    only (NOT-001)."""
    link = f"/{case_type}s/{case_id}"
    routes = within(routes, scope)
    return [
        new_notification(
            source_event_id,
            r.code,
            recipient_kind=r.kind,
            recipient_id=r.recipient_id,
            authority_id=r.authority_id,
            member_state=r.member_state,
            language=r.language,
            now=now,
            case_type=case_type,
            case_ref=case_ref or case_id,
            link=link,
        )
        for r in routes
    ]
