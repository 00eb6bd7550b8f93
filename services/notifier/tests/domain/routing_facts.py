"""Directory facts shared by the pure routing tests (one LA, `services`)."""

from imi_notifier.domain.parties import AuthorityFacts, Directory, Role, UserFacts

LA = "services"


def user(user_id, authority_id, *roles, language="en", status="active", workflow="requests"):
    ms = authority_id[:2]
    held = frozenset(Role(r, LA, workflow) for r in roles)
    return UserFacts(user_id, authority_id, ms, language, held, status)


def authority(authority_id, *, email=True, languages=(), allocation=False, status="active"):
    return AuthorityFacts(
        authority_id,
        authority_id[:2],
        status,
        email,
        tuple(languages),
        frozenset({LA}) if allocation else frozenset(),
    )


def directory(authorities, users):
    by: dict[str, list[UserFacts]] = {}
    for u in users:
        by.setdefault(u.authority_id, []).append(u)
    return Directory({a.authority_id: a for a in authorities}, {k: tuple(v) for k, v in by.items()})


def routed(routes):
    """(code, kind, recipient, language) of each route, sorted."""
    return sorted((r.code, r.kind, r.recipient_id, r.language) for r in routes)
