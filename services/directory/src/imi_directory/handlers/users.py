"""User commands (DIR §3.8): create (the first user gets LDA + every right, DIR-044), change
rights (DIR-084..DIR-088), reset credentials (DIR-095), remove (DIR-090), list.

Each runs in ONE unit of work: load → domain decides → save (optimistic version) → emit. The
temporary password is generated, hashed and sealed before the transaction (argon2 is slow; a
retried transaction reuses them) and travels only sealed, in `user.created` /
`user.credentials_reset` (adapters/user_events.py).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from imi_shared.envelope import Event
from imi_shared.errors import Conflict, Forbidden, InvalidInput
from imi_shared.mongo import Transaction

from ..adapters.authority_repository import AuthorityRepository
from ..adapters.hashing import temporary_key_id
from ..adapters.publisher import publish
from ..adapters.user_events import with_temporary_password
from ..adapters.user_repository import UserRepository
from ..bootstrap import DirectoryContext
from ..domain.actors import Actor
from ..domain.authority import Authority
from ..domain.staff import staff_warnings
from ..domain.user_management import (
    UserDetails,
    change_user_roles,
    create_first_user,
    deactivate_user,
    may_manage_users,
    propose_username,
    register_user,
    reset_user_credentials,
)
from ..domain.user_roles import RoleAssignment
from ..domain.users import CredentialStage, User
from .credential_kit import CredentialKit, TemporaryPassword
from .unit import Also, Unit

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")


class CreateUser(BaseModel):
    """DIR-081 fields; `roles` are ignored for the first user (DIR-044); `username` overrides
    the system's proposal (DIR-082)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    details: UserDetails
    roles: tuple[RoleAssignment, ...] = ()
    username: str | None = None


@dataclass(frozen=True)
class UserResult:
    user: User
    version: int
    warnings: tuple[str, ...] = ()


async def create_user(
    ctx: DirectoryContext, kit: CredentialKit, actor: Actor, authority_id: str, command: CreateUser
) -> UserResult:
    """DIR-081..DIR-083, DIR-044: with no current user, this is the authority's first user."""
    user_id = new_user_id()
    temporary = await kit.temporary_password(ctx.sealer, user_id)

    async def work(tx: Transaction) -> UserResult:
        authority = await AuthorityRepository(tx).get(authority_id)
        users = UserRepository(tx)
        user, events = await add_user(ctx, users, authority, actor, user_id, command, temporary)
        await publish(tx, ctx.topics, ctx.sealer, events)
        current = await users.of_authority(authority_id, include_removed=False)
        return UserResult(user, 1, tuple(staff_warnings(current)))

    return (await ctx.uow.run(work)).value


async def first_user_also(
    ctx: DirectoryContext, kit: CredentialKit, actor: Actor, command: CreateUser
) -> Also:
    """The first user created in the registration's own transaction (DIR-040, DIR-044):
    `register_authority(ctx, actor, cmd, also=await first_user_also(ctx, kit, actor, user))`."""
    user_id = new_user_id()
    temporary = await kit.temporary_password(ctx.sealer, user_id)

    async def also(unit: Unit, authority: Authority, events: list[Event]) -> list[Event]:
        _, user_events = await add_user(
            ctx, UserRepository(unit.tx), authority, actor, user_id, command, temporary
        )
        return user_events

    return also


def new_user_id() -> str:
    return f"u-{uuid.uuid4().hex}"


async def add_user(
    ctx: DirectoryContext,
    users: UserRepository,
    authority: Authority,
    actor: Actor,
    user_id: str,
    command: CreateUser,
    temporary: TemporaryPassword,
) -> tuple[User, list[Event]]:
    """Adds the user (first user: LDA + every right) and returns the events to emit, the
    temporary password sealed in `user.created`."""
    if not may_manage_users(authority, actor):
        raise Forbidden("DIR-081", "only LDAs or the authority's coordinators add users")
    now = ctx.clock()
    current = await users.of_authority(authority.id, include_removed=False)
    username = await _username(users, authority, command)
    email_in_use = await users.email_in_use(command.details.email)
    if current:
        user, events = register_user(
            actor=actor,
            authority=authority,
            users=current,
            user_id=user_id,
            username=username,
            details=command.details,
            roles=command.roles,
            temporary_password_hash=temporary.hash,
            now=now,
            email_in_use=email_in_use,
        )
    else:
        user, events = create_first_user(
            authority=authority,
            user_id=user_id,
            username=username,
            details=command.details,
            temporary_password_hash=temporary.hash,
            now=now,
            actor=actor,
            email_in_use=email_in_use,
        )
    await users.add(user)
    return user, [with_temporary_password(e, temporary.sealed) for e in events]


async def _username(users: UserRepository, authority: Authority, command: CreateUser) -> str:
    if command.username is None:
        first, last = command.details.first_name, command.details.last_name
        probe = propose_username(first, last, authority.member_state, lambda _: False)
        taken = await users.usernames_like(probe)
        return propose_username(first, last, authority.member_state, taken.__contains__)
    if not USERNAME.match(command.username):
        raise InvalidInput(
            "DIR-082", "a username has 3 to 40 lower-case letters, digits, '.', '_' or '-'"
        )
    if await users.by_username(command.username) is not None:
        raise Conflict("DIR-082", "this username is already taken")
    return command.username


@dataclass(frozen=True)
class UserList:
    users: list[User]
    warnings: tuple[str, ...]


async def list_users(ctx: DirectoryContext, actor: Actor, authority_id: str) -> UserList:
    """The authority's users, for those who manage them (DIR-081, DIR-096); DIR-089."""

    async def work(tx: Transaction) -> UserList:
        authority = await AuthorityRepository(tx).get(authority_id)
        if not may_manage_users(authority, actor):
            raise Forbidden("DIR-081", "only LDAs or the authority's coordinators see its users")
        users = await UserRepository(tx).of_authority(authority_id)
        return UserList(users, tuple(staff_warnings([u for u in users if not u.is_removed])))

    return (await ctx.uow.run(work)).value


async def change_roles(
    ctx: DirectoryContext,
    actor: Actor,
    user_id: str,
    roles: tuple[RoleAssignment, ...],
    expected_version: int | None = None,
) -> UserResult:
    """DIR-084..DIR-088: the rights the authority's roles require stay held (DIR-086)."""

    async def work(tx: Transaction) -> UserResult:
        users = UserRepository(tx)
        user = await users.get(user_id, expected_version=expected_version)
        authority = await AuthorityRepository(tx).get(user.authority_id)
        everyone = [user if u.id == user.id else u for u in await users.of_authority(authority.id)]
        events = change_user_roles(
            actor=actor,
            authority=authority,
            users=everyone,
            user_id=user_id,
            roles=roles,
            now=ctx.clock(),
        )
        version = await users.save(user)
        await publish(tx, ctx.topics, ctx.sealer, events)
        return UserResult(user, version)

    return (await ctx.uow.run(work)).value


async def reset_credentials(
    ctx: DirectoryContext, kit: CredentialKit, actor: Actor, user_id: str
) -> UserResult:
    """DIR-095: another LDA, or the coordinator; unlocks (DIR-094) and restarts DIR-092."""
    temporary = await kit.temporary_password(ctx.sealer, user_id)

    replaced: list[str] = []  # an unused temporary password this reset replaces

    async def work(tx: Transaction) -> UserResult:
        users = UserRepository(tx)
        user = await users.get(user_id)
        authority = await AuthorityRepository(tx).get(user.authority_id)
        replaced[:] = _unused_temporary(user)
        events = reset_user_credentials(
            actor=actor,
            authority=authority,
            user=user,
            temporary_password_hash=temporary.hash,
            now=ctx.clock(),
        )
        version = await users.save(user)
        await publish(
            tx,
            ctx.topics,
            ctx.sealer,
            [with_temporary_password(e, temporary.sealed) for e in events],
        )
        return UserResult(user, version)

    result = (await ctx.uow.run(work)).value
    for spent in replaced:  # committed: the old password no longer opens the account
        await kit.forget_temporary_password(ctx.sealer, user_id, spent)
    return result


async def remove_user(ctx: DirectoryContext, actor: Actor, user_id: str) -> UserResult:
    """DIR-090: rights withdrawn at once; `user.removed` tells retention to lock the PD. A
    temporary password never used is shredded with the account (DIR-043)."""
    pending: list[str] = []

    async def work(tx: Transaction) -> UserResult:
        users = UserRepository(tx)
        user = await users.get(user_id)
        authority = await AuthorityRepository(tx).get(user.authority_id)
        pending[:] = _unused_temporary(user)
        events = deactivate_user(actor=actor, authority=authority, user=user, now=ctx.clock())
        version = await users.save(user)
        await publish(tx, ctx.topics, ctx.sealer, events)
        return UserResult(user, version)

    result = (await ctx.uow.run(work)).value
    for spent in pending:
        await ctx.sealer.shred(temporary_key_id(user_id, spent))
    return result


def _unused_temporary(user: User) -> list[str]:
    """The hash of the user's temporary password if it was never used (DIR-092 not started)."""
    unused = user.credential_stage is CredentialStage.AWAITING_FIRST_LOGIN
    return [user.password_hash] if unused and user.password_hash else []
