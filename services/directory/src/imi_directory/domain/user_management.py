"""Managing an authority's users (DIR-044, DIR-081..DIR-090, DIR-095): who may do it, and the
operations that must see the authority and its other users."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from imi_shared.envelope import Event
from imi_shared.errors import Conflict, Forbidden, InvalidInput, NotFound

from .actors import Actor
from .authority import Authority
from .credentials import TEMP_PASSWORD_MAX_DELAY
from .events import UserCreated, UserRolesChanged
from .permissions import is_any_coordinator_da, is_lda
from .staff import available_roles, check_assignable, check_role_constraints, complete_roles
from .timeutil import require_aware
from .user_roles import LOCAL_DATA_ADMIN, RoleAssignment
from .users import User
from .validation import is_valid_email, normalize_email


class UserDetails(BaseModel):
    """DIR-081: required fields; phone optional."""

    model_config = ConfigDict(frozen=True)

    first_name: str = Field(min_length=1)
    last_name: str = Field(min_length=1)
    main_language: str = Field(min_length=2)
    email: str
    phone: str | None = None


def may_manage_users(authority: Authority, actor: Actor) -> bool:
    """DIR-081 / DIR-084: the authority's LDAs, and the DAs of its validating or access
    coordinators (DIR-017, DIR-018)."""
    return is_lda(authority, actor) or is_any_coordinator_da(authority, actor)


def propose_username(
    first_name: str, last_name: str, member_state: str, is_taken: Callable[[str], bool]
) -> str:
    """DIR-082: a unique username proposed by the system (e.g. `fr_jdupont`, `fr_jdupont2`)."""

    def ascii_letters(text: str) -> str:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z]", "", folded.lower())

    base = f"{member_state.lower()}_{ascii_letters(first_name)[:1]}{ascii_letters(last_name)}"
    base = base[:24]
    candidate, n = base, 1
    while is_taken(candidate):
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _new_user(
    authority: Authority,
    user_id: str,
    username: str,
    details: UserDetails,
    roles: list[RoleAssignment],
    now: datetime,
    temporary_password_hash: str,
    email_in_use: bool,
) -> User:
    require_aware(now)
    if not is_valid_email(details.email):
        raise InvalidInput("DIR-081", "the user's e-mail address is not valid")
    if email_in_use:
        raise Conflict("DIR-081", "each user needs an e-mail address of his or her own")
    return User(
        id=user_id,
        authority_id=authority.id,
        member_state=authority.member_state,
        username=username,
        first_name=details.first_name,
        last_name=details.last_name,
        main_language=details.main_language,
        email=normalize_email(details.email),
        phone=details.phone,
        roles=roles,
        password_hash=temporary_password_hash,
        created_at=now,
        status_changed_at=now,
    )


def user_created_event(
    user: User, now: datetime, *, first_user: bool, actor: Actor | None
) -> UserCreated:
    """DIR-083: welcome at once, temporary password within 48 h; no username (DIR-042)."""
    return UserCreated(
        user_id=user.id,
        authority_id=user.authority_id,
        member_state=user.member_state,
        first_name=user.first_name,
        last_name=user.last_name,
        email=user.email,
        main_language=user.main_language,
        roles=tuple(user.roles),
        first_user=first_user,
        created_at=now,
        temp_password_due_by=now + TEMP_PASSWORD_MAX_DELAY,
        actor_user_id=actor.user_id if actor else None,
    )


def create_first_user(
    *,
    authority: Authority,
    user_id: str,
    username: str,
    details: UserDetails,
    temporary_password_hash: str,
    now: datetime,
    actor: Actor | None,
    email_in_use: bool = False,
) -> tuple[User, list[Event]]:
    """DIR-044 / DIR-079: the first user gets `local_data_admin` plus every right open to the
    authority. For a self-registered authority not yet validated, the user waits for the
    validation (no e-mails, no login) — see `announce_first_user`."""
    roles = complete_roles(authority, [LOCAL_DATA_ADMIN, *available_roles(authority)])
    user = _new_user(
        authority, user_id, username, details, roles, now, temporary_password_hash, email_in_use
    )
    if authority.being_validated:
        user.awaiting_validation = True
        return user, []
    return user, [user_created_event(user, now, first_user=True, actor=actor)]


def announce_first_user(user: User, actor: Actor, now: datetime) -> list[Event]:
    """DIR-071 / DIR-079: on validation the first user gets the user e-mails."""
    if not user.awaiting_validation:
        raise Conflict("DIR-079", "the first user was already announced")
    user.awaiting_validation = False
    return [user_created_event(user, now, first_user=True, actor=actor)]


def register_user(
    *,
    actor: Actor,
    authority: Authority,
    users: Sequence[User],
    user_id: str,
    username: str,
    details: UserDetails,
    roles: Iterable[RoleAssignment],
    temporary_password_hash: str,
    now: datetime,
    email_in_use: bool = False,
) -> tuple[User, list[Event]]:
    """DIR-081: an LDA, or a DA of the validating/access coordinator, registers a user with
    rights per LA and workflow; `basic_user` always (DIR-084); LDA defaults (DIR-087)."""
    if not may_manage_users(authority, actor):
        raise Forbidden("DIR-081", "only LDAs or the authority's coordinators add users")
    wanted = list(roles)
    check_assignable(authority, wanted)
    user = _new_user(
        authority,
        user_id,
        username,
        details,
        complete_roles(authority, wanted),
        now,
        temporary_password_hash,
        email_in_use,
    )
    check_role_constraints(authority, users, [*users, user])
    return user, [user_created_event(user, now, first_user=False, actor=actor)]


def change_user_roles(
    *,
    actor: Actor,
    authority: Authority,
    users: Sequence[User],
    user_id: str,
    roles: Iterable[RoleAssignment],
    now: datetime,
) -> list[Event]:
    """DIR-084 / DIR-085: rights change at any time by LDAs and coordinator DAs; the LDA role
    can be given, moved or shared; DIR-086 constraints must still hold."""
    if not may_manage_users(authority, actor):
        raise Forbidden("DIR-084", "only LDAs or the authority's coordinators do this")
    user = _find(users, user_id)
    if user.is_removed:
        raise Conflict("DIR-090", "a removed user has no rights")
    wanted = list(roles)
    check_assignable(authority, wanted)
    changed = user.model_copy(update={"roles": complete_roles(authority, wanted)})
    check_role_constraints(authority, users, [changed if u.id == user_id else u for u in users])
    user.roles = changed.roles
    return [
        UserRolesChanged(
            user_id=user.id,
            authority_id=user.authority_id,
            member_state=user.member_state,
            roles=tuple(user.roles),
            changed_at=now,
            actor_user_id=actor.user_id,
        )
    ]


def sync_lda_default_roles(
    authority: Authority, users: Sequence[User], now: datetime
) -> list[Event]:
    """DIR-087: when the authority gets new access (e.g. the alerts workflow), every LDA gets
    the automatic rights at once (system action)."""
    events: list[Event] = []
    for user in users:
        if user.is_removed or not user.is_lda:
            continue
        completed = complete_roles(authority, [r for r in user.roles if not r.is_default])
        if {r.key for r in completed} != {r.key for r in user.roles}:
            user.roles = completed
            events.append(
                UserRolesChanged(
                    user_id=user.id,
                    authority_id=user.authority_id,
                    member_state=user.member_state,
                    roles=tuple(completed),
                    changed_at=now,
                )
            )
    return events


def deactivate_user(
    *, actor: Actor, authority: Authority, user: User, now: datetime
) -> list[Event]:
    """DIR-090: an LDA (or the validating coordinator, DIR-017) deactivates a user; all
    rights go at once and `retention` locks the user's PD. Not blocked by DIR-086: prompt
    withdrawal of access comes first (X-019)."""
    if user.authority_id != authority.id:
        raise InvalidInput("X-002", "the user belongs to another authority")
    if not (is_lda(authority, actor) or is_any_coordinator_da(authority, actor)):
        raise Forbidden("DIR-090", "only LDAs or the authority's coordinators do this")
    return user.remove(actor, now)


def reset_user_credentials(
    *, actor: Actor, authority: Authority, user: User, temporary_password_hash: str, now: datetime
) -> list[Event]:
    """DIR-095: another LDA of the user's authority resets the password/security code; if the
    user is the only LDA, the authority's coordinator does (its DAs may always, DIR-017)."""
    if user.authority_id != authority.id:
        raise InvalidInput("X-002", "the user belongs to another authority")
    other_lda = is_lda(authority, actor) and actor.user_id != user.id
    if not (other_lda or is_any_coordinator_da(authority, actor)):
        raise Forbidden(
            "DIR-095", "only another LDA of the authority, or its coordinator, may reset"
        )
    return user.reset_credentials(temporary_password_hash, actor, now)


def _find(users: Sequence[User], user_id: str) -> User:
    for user in users:
        if user.id == user_id:
            return user
    raise NotFound("X-002", f"no user {user_id} in this authority")
