"""What routing knows of users and authorities (X-053): pure facts read from the recipients
read model (`adapters/recipients.py`), never asked of the directory at send time.

No address is held here: routing only needs to know that an authority HAS a registered e-mail
(NOT-002); the mailer reads the address from the read model when it sends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# NOT-005: users of an authority in these statuses get no further messages
UNREACHABLE_AUTHORITY = frozenset({"suspended", "inactive", "registration_refused"})
ACTIVE = "active"
# NOT-005: an LA or workflow access in these statuses withdraws the authority's rights there
# (a suspended access keeps its ongoing cases, ALR-013)
REMOVED_ACCESS = frozenset({"removed", "removed_reactivation_requested"})
REQUESTS, ALERTS = "requests", "alerts"


@dataclass(frozen=True)
class Role:
    role: str
    la_code: str | None = None
    workflow: str | None = None


@dataclass(frozen=True)
class UserFacts:
    user_id: str
    authority_id: str
    member_state: str
    main_language: str
    roles: frozenset[Role] = frozenset()
    status: str = ACTIVE  # "removed" / "locked": rights withdrawn (NOT-005)

    @property
    def reachable(self) -> bool:
        return self.status == ACTIVE

    def holds(self, role: str, la_code: str | None = None, workflow: str | None = None) -> bool:
        """Holds `role` (in `la_code`, when given; in `workflow`, when given)."""
        return any(
            r.role == role
            and (la_code is None or r.la_code == la_code)
            and (workflow is None or r.workflow == workflow)
            for r in self.roles
        )

    def holds_any(self, roles: Iterable[str], la_code=None, workflow=None) -> bool:
        return any(self.holds(r, la_code, workflow) for r in roles)


@dataclass(frozen=True)
class AuthorityFacts:
    authority_id: str
    member_state: str
    status: str = ACTIVE
    has_email: bool = False
    languages: tuple[str, ...] = ()  # spoken languages, first first (NOT-002)
    allocation: frozenset[str] = frozenset()  # LAs with allocation on (DIR-033)
    deleted: bool = False
    removed_access: frozenset[tuple[str, str | None]] = frozenset()  # (la, workflow | None)

    def serves(self, workflow: str, la_code: str | None = None) -> bool:
        """NOT-005: False once the authority's access to `workflow` (in `la_code`, or in any
        LA when None) or to that LA itself was removed."""
        return not any(
            (la_code is None or la == la_code) and wf in (None, workflow)
            for la, wf in self.removed_access
        )

    @property
    def reachable(self) -> bool:
        """NOT-005: a deleted or suspended/inactive/refused authority gets no messages."""
        return not self.deleted and self.status not in UNREACHABLE_AUTHORITY

    @property
    def first_language(self) -> str | None:
        return self.languages[0] if self.languages else None

    def allocation_on(self, la_code: str) -> bool:
        return la_code in self.allocation


@dataclass(frozen=True)
class Directory:
    """The read model's facts about the authorities an event concerns (loaded by the handler,
    passed to the pure routing functions)."""

    authorities: Mapping[str, AuthorityFacts] = field(default_factory=dict)
    users: Mapping[str, tuple[UserFacts, ...]] = field(default_factory=dict)  # by authority

    def authority(self, authority_id: str | None) -> AuthorityFacts | None:
        return None if authority_id is None else self.authorities.get(authority_id)

    def user(self, user_id: str | None) -> UserFacts | None:
        for users in self.users.values():
            for u in users:
                if u.user_id == user_id:
                    return u
        return None

    def users_with_role(
        self,
        authority_id: str | None,
        roles: Iterable[str],
        la_code: str | None = None,
        workflow: str | None = None,
    ) -> list[UserFacts]:
        """Reachable users of a reachable authority holding one of `roles` (NOT-005), by id
        (an authority the read model has no row for yet counts as reachable)."""
        wanted = tuple(roles)
        authority = self.authority(authority_id)
        if authority_id is None or (authority is not None and not authority.reachable):
            return []
        if (
            authority is not None
            and workflow is not None
            and not authority.serves(workflow, la_code)
        ):
            return []
        found = [
            u
            for u in self.users.get(authority_id, ())
            if u.reachable
            and u.authority_id == authority_id
            and u.holds_any(wanted, la_code, workflow)
        ]
        return sorted(found, key=lambda u: u.user_id)
