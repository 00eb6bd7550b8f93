"""Authentication (DIR §3.9, X-016): challenge, login, first login; a success returns a
short-lived token signed by the directory carrying the principal (X-054).

Refusals do not say whether the username exists (issue 9 item 4): an unknown, removed or
locked user, a wrong password or a wrong code cost the same hashing work
(`credential_check.py`) and get the same HTTP answer. Only the first-login step (DIR-092,
reached with the right password) is named. Attempts are throttled per user and per client
(`login_throttle.py`); the challenge is bound to the client that asked for it.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from imi_shared.auth import Principal
from imi_shared.errors import InvalidInput
from imi_shared.mongo import Transaction

from ..adapters.authority_repository import AuthorityRepository
from ..adapters.login_challenges import LoginChallenges
from ..adapters.login_throttle import MongoThrottleStore
from ..adapters.publisher import publish
from ..adapters.user_repository import UserRepository
from ..bootstrap import DirectoryContext
from ..domain.authority import Authority
from ..domain.credentials import check_security_code, choose_code_positions
from ..domain.users import LoginOutcome, User
from .credential_check import check_credentials
from .credential_kit import CredentialKit
from .login_rules import check_new_password, principal_of
from .login_throttle import LoginThrottle, ThrottlePolicies

INTERNAL_CLIENT = "internal"  # a caller inside the service (the demo seed), not over HTTP
# outcomes reached with the right password: the attempt was not a failure
PASSED = frozenset(
    {
        LoginOutcome.SUCCESS,
        LoginOutcome.MUST_CHANGE_PASSWORD,
        LoginOutcome.MUST_CREATE_SECURITY_CODE,
    }
)


@dataclass(frozen=True)
class LoginResult:
    outcome: LoginOutcome
    token: str | None = None
    principal: Principal | None = None
    expires_in: int = 0


def throttle_of(ctx: DirectoryContext, kit: CredentialKit) -> LoginThrottle:
    return LoginThrottle(
        MongoThrottleStore(ctx.uow.db), ThrottlePolicies.from_settings(ctx.settings), kit.wall_clock
    )


async def challenge(
    ctx: DirectoryContext, kit: CredentialKit, username: str, client: str = INTERNAL_CLIENT
) -> tuple[str, tuple[int, ...]]:
    """DIR-093: 3 random positions, remembered (single use, bound to `client`) for the next
    login, and the unguessable challenge id that login must present. `Throttled` when the
    client asks too often."""
    await throttle_of(ctx, kit).admit_challenge(client)
    positions = choose_code_positions(kit.positions_rng)
    challenge_id = secrets.token_urlsafe(32)

    async def work(tx: Transaction) -> None:
        await LoginChallenges(tx).put(
            challenge_id, username, client, positions, now=kit.wall_clock(), ttl=kit.challenge_ttl
        )

    await ctx.uow.run(work)
    return challenge_id, positions


async def login(
    ctx: DirectoryContext,
    kit: CredentialKit,
    username: str,
    password: str,
    code_chars: Mapping[int, str],
    challenge_id: str,
    client: str = INTERNAL_CLIENT,
) -> LoginResult:
    """DIR-091 / DIR-093 / DIR-094: password + the positions of the client's challenge.
    Throttled first (`Throttled`); an attempt without a valid challenge checks nothing and
    does not count toward the lock-out."""
    throttle = throttle_of(ctx, kit)
    await throttle.admit_login(username, client)

    async def take(tx: Transaction) -> tuple[int, ...] | None:
        return await LoginChallenges(tx).take(challenge_id, username, client, now=kit.wall_clock())

    asked = (await ctx.uow.run(take)).value
    if asked is None:
        await throttle.not_checked(username)
        return LoginResult(LoginOutcome.UNKNOWN_CHALLENGE)
    result = await _authenticate(ctx, kit, username, password, code_chars, asked)
    if result.outcome in PASSED:
        await throttle.succeeded(username, client)
    return _signed(ctx, kit, result)


async def first_login(
    ctx: DirectoryContext,
    kit: CredentialKit,
    username: str,
    temporary_password: str,
    new_password: str,
    security_code: str,
    confirmation: str | None = None,
    client: str = INTERNAL_CLIENT,
) -> LoginResult:
    """DIR-092: temporary password → new password → 12-character security code, then in."""
    check_security_code(security_code)  # public rules first: they reveal nothing of the user
    if confirmation is not None and confirmation != security_code:
        raise InvalidInput("DIR-092", "the confirmation differs from the security code")
    check_new_password(username, new_password, temporary_password)
    throttle = throttle_of(ctx, kit)
    await throttle.admit_login(username, client)
    result = await _authenticate(
        ctx,
        kit,
        username,
        temporary_password,
        {},
        (),
        new_password=new_password,
        security_code=security_code,
    )
    if result.outcome in PASSED:
        await throttle.succeeded(username, client)
    return _signed(ctx, kit, result)


async def _read(ctx: DirectoryContext, username: str) -> tuple[User | None, Authority | None]:
    async def work(tx: Transaction) -> tuple[User | None, Authority | None]:
        user = await UserRepository(tx).by_username(username)
        authority = None if user is None else await AuthorityRepository(tx).find(user.authority_id)
        return user, authority

    return (await ctx.uow.run(work)).value


async def _authenticate(
    ctx: DirectoryContext,
    kit: CredentialKit,
    username: str,
    password: str,
    answers: Mapping[int, str],
    asked: tuple[int, ...],
    *,
    new_password: str | None = None,
    security_code: str | None = None,
) -> LoginResult:
    """Verify (the same work for every user, off the event loop), then decide on the user as
    stored now, in one transaction (concurrent failures are all counted, DIR-094)."""
    known, _ = await _read(ctx, username)
    checked = await check_credentials(ctx, kit, known, password, answers, asked)

    async def work(tx: Transaction) -> LoginResult:
        users = UserRepository(tx)
        user = await users.by_username(username)
        authority = None if user is None else await AuthorityRepository(tx).find(user.authority_id)
        if user is None or authority is None:  # unknown username, or its authority was deleted
            return LoginResult(LoginOutcome.FAILED)
        if (user.password_hash, user.security_code_digest) != checked.hashes:
            return LoginResult(LoginOutcome.FAILED)  # reset meanwhile: nothing was checked
        before = (user.failed_attempts, user.status, user.credential_stage)
        outcome, events = user.conclude_login(
            checked.password_ok,
            checked.code_ok,
            authority_status=authority.status,
            now=ctx.clock(),
        )
        if security_code is not None and outcome in (
            LoginOutcome.MUST_CHANGE_PASSWORD,
            LoginOutcome.MUST_CREATE_SECURITY_CODE,
        ):
            await _complete_first_login(
                ctx, kit, user, outcome, password, new_password, security_code
            )
            outcome = LoginOutcome.SUCCESS
        if (user.failed_attempts, user.status, user.credential_stage) != before:
            await users.save(user)
        await publish(tx, ctx.topics, ctx.sealer, events)
        if outcome is LoginOutcome.SUCCESS:
            return LoginResult(outcome, principal=principal_of(user, authority))
        return LoginResult(outcome)

    return (await ctx.uow.run(work)).value


async def _complete_first_login(
    ctx: DirectoryContext,
    kit: CredentialKit,
    user: User,
    outcome: LoginOutcome,
    password: str,
    new_password: str | None,
    security_code: str,
) -> None:
    """DIR-092's two steps; their hashes run in the hash pool. The temporary password, once
    used, loses its sealed copies (issue 9 item 8: its key is shredded)."""
    spent = user.password_hash if outcome is LoginOutcome.MUST_CHANGE_PASSWORD else None
    if spent is not None:
        await ctx.hash_pool.run(
            user.choose_new_password, password, new_password or "", passwords=kit.passwords
        )
    codes = await kit.codes_for(ctx.sealer, user.id)
    await ctx.hash_pool.run(user.create_security_code, security_code, security_code, codes=codes)
    if spent is not None:
        await kit.forget_temporary_password(ctx.sealer, user.id, spent)


def _signed(ctx: DirectoryContext, kit: CredentialKit, result: LoginResult) -> LoginResult:
    if result.principal is None:
        return result
    token = ctx.issuer.issue(result.principal, now=kit.wall_clock())
    return LoginResult(result.outcome, token, result.principal, int(ctx.issuer.ttl.total_seconds()))
