"""Who acts for whom on an authority: its LDAs, and the data administrators (DAs) of its
validating coordinator (DIR-017) and of its access coordinator per LA (DIR-018).

A NIMIC has no higher coordinator (DIR-020 stops at NIMIC); its validating and access
functions are held by the Commission helpdesk (`None` coordinator id) [INFERRED].
"""

from __future__ import annotations

from imi_shared.errors import Forbidden

from .actors import Actor
from .profile import AuthorityProfile


def is_validating_da(authority: AuthorityProfile, actor: Actor) -> bool:
    if authority.validating_coordinator_id is None:
        return actor.is_helpdesk
    return actor.is_da_of(authority.validating_coordinator_id)


def is_access_da(authority: AuthorityProfile, la_code: str, actor: Actor) -> bool:
    la = authority.legislative_areas.get(la_code)
    if la is None:
        return False
    if la.access_coordinator_id is None:
        return actor.is_helpdesk
    return actor.is_da_of(la.access_coordinator_id, la_code)


def is_any_coordinator_da(authority: AuthorityProfile, actor: Actor) -> bool:
    """DA of the validating coordinator or of the access coordinator of one of its LAs."""
    return is_validating_da(authority, actor) or any(
        is_access_da(authority, code, actor) for code in authority.legislative_areas
    )


def is_lda(authority: AuthorityProfile, actor: Actor) -> bool:
    return actor.is_lda_of(authority.id)


def require_validating_da(authority: AuthorityProfile, actor: Actor, rule_id: str) -> None:
    if not is_validating_da(authority, actor):
        raise Forbidden(
            rule_id, "only a data administrator of the validating coordinator may do this"
        )


def require_access_da(
    authority: AuthorityProfile, la_code: str, actor: Actor, rule_id: str
) -> None:
    if not is_access_da(authority, la_code, actor):
        raise Forbidden(
            rule_id,
            f"only a data administrator of the access coordinator of {la_code!r} may do this",
        )


def require_lda(authority: AuthorityProfile, actor: Actor, rule_id: str) -> None:
    if not is_lda(authority, actor):
        raise Forbidden(rule_id, "only a local data administrator of the authority may do this")
