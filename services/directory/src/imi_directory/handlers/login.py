"""Authentication (DIR §3.9, X-016): challenge, login, first login; a success returns a
short-lived token signed by the directory carrying the principal (X-054).

Refusals do not say whether the username exists: an unknown username, a wrong password or a
wrong code all give `FAILED`; a removed user or an authority closed to logins gives `DENIED`.
Only the lock-out (DIR-094) and the first-login step (DIR-092, reached with the right
password) are named.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from imi_shared.auth import Principal
from imi_shared.errors import InvalidInput
from imi_shared.mongo import Transaction
from imi_shared.sealing import KeyShredded

from ..adapters.authority_repository import AuthorityRepository
from ..adapters.login_challenges import LoginChallenges
from ..adapters.publisher import emit
from ..adapters.user_repository import UserRepository
from ..bootstrap import DirectoryContext
from ..domain.authority import Authority
from ..domain.credentials import check_security_code, choose_code_positions
from ..domain.users import CredentialStage, LoginOutcome, User
from .credential_kit import CredentialKit

MIN_PASSWORD_LENGTH = 10  # [INFERRED] no password policy in the spec nor in the French user
# manual (§3.2.2 only: "choisir un nouveau mot de passe"); see README "Inferred or open points"
MAX_PASSWORD_LENGTH = 128


@dataclass(frozen=True)
class LoginResult:
    outcome: LoginOutcome
    token: str | None = None
    principal: Principal | None = None
    expires_in: int = 0


class _NoCodes:
    """Security-code port for users without a code (or whose key is gone): never matches."""

    def digest(self, code: str) -> str:
        raise AssertionError("not used")

    def verify(self, digest: str, answers: Mapping[int, str]) -> bool:
        return False


def principal_of(user: User, authority: Authority) -> Principal:
    """The token's principal: admin roles per LA (not removed), request/alert rights per
    "<la>/<workflow>", LDA flag and data_admin LAs. `basic_user` is implied by any token."""
    rights: dict[str, set[str]] = {}
    for role in user.roles:
        if role.la_code and role.workflow:
            rights.setdefault(f"{role.la_code}/{role.workflow}", set()).add(str(role.role))
    return Principal(
        user_id=user.id,
        username=user.username,
        authority_id=authority.id,
        member_state=authority.member_state,
        authority_roles={
            code: (str(la.admin_role),)
            for code, la in sorted(authority.legislative_areas.items())
            if not la.status.is_removed_like
        },
        user_rights={key: tuple(sorted(held)) for key, held in sorted(rights.items())},
        local_data_admin=user.is_lda,
        data_admin_las=tuple(sorted(user.data_admin_las)),
    )


def check_new_password(username: str, password: str, temporary: str) -> None:
    """DIR-092 plus an [INFERRED] minimum: 10 to 128 characters, not the username, not the
    temporary password."""
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise InvalidInput(
            "DIR-092",
            f"the new password must have {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters",
        )
    if username.casefold() in password.casefold():
        raise InvalidInput("DIR-092", "the new password must not contain the username")
    if password == temporary:
        raise InvalidInput("DIR-092", "choose a new password, different from the temporary one")


async def challenge(ctx: DirectoryContext, kit: CredentialKit, username: str) -> tuple[int, ...]:
    """DIR-093: 3 random positions, remembered (single use) for the next login."""
    positions = choose_code_positions(kit.positions_rng)

    async def work(tx: Transaction) -> None:
        await LoginChallenges(tx).put(
            username, positions, now=kit.wall_clock(), ttl=kit.challenge_ttl
        )

    await ctx.uow.run(work)
    return positions


async def login(
    ctx: DirectoryContext,
    kit: CredentialKit,
    username: str,
    password: str,
    code_chars: Mapping[int, str],
) -> LoginResult:
    """DIR-091 / DIR-093 / DIR-094: password + the positions of the pending challenge."""

    async def work(tx: Transaction) -> LoginResult:
        asked = await LoginChallenges(tx).take(username, now=kit.wall_clock())
        return await _authenticate(ctx, kit, tx, username, password, code_chars, asked)

    return _signed(ctx, kit, (await ctx.uow.run(work)).value)


async def first_login(
    ctx: DirectoryContext,
    kit: CredentialKit,
    username: str,
    temporary_password: str,
    new_password: str,
    security_code: str,
    confirmation: str | None = None,
) -> LoginResult:
    """DIR-092: temporary password → new password → 12-character security code, then in."""
    check_security_code(security_code)  # public rules first: they reveal nothing of the user
    if confirmation is not None and confirmation != security_code:
        raise InvalidInput("DIR-092", "the confirmation differs from the security code")
    check_new_password(username, new_password, temporary_password)

    async def work(tx: Transaction) -> LoginResult:
        return await _authenticate(
            ctx,
            kit,
            tx,
            username,
            temporary_password,
            {},
            (),
            new_password=new_password,
            security_code=security_code,
        )

    return _signed(ctx, kit, (await ctx.uow.run(work)).value)


async def _authenticate(
    ctx: DirectoryContext,
    kit: CredentialKit,
    tx: Transaction,
    username: str,
    password: str,
    answers: Mapping[int, str],
    asked: tuple[int, ...],
    *,
    new_password: str | None = None,
    security_code: str | None = None,
) -> LoginResult:
    users = UserRepository(tx)
    user = await users.by_username(username)
    authority = None if user is None else await AuthorityRepository(tx).find(user.authority_id)
    if user is None or authority is None:  # unknown username, or its authority was deleted
        kit.passwords.burn(password)
        return LoginResult(LoginOutcome.FAILED if user is None else LoginOutcome.DENIED)
    before = (user.failed_attempts, user.status, user.credential_stage)
    codes = await _codes(ctx, kit, user)
    outcome, events = user.authenticate(
        password,
        answers,
        asked,
        passwords=kit.passwords,
        codes=codes,
        authority_status=authority.status,
        now=ctx.clock(),
    )
    if security_code is not None and outcome in (
        LoginOutcome.MUST_CHANGE_PASSWORD,
        LoginOutcome.MUST_CREATE_SECURITY_CODE,
    ):
        spent = user.password_hash if outcome is LoginOutcome.MUST_CHANGE_PASSWORD else None
        if spent is not None:
            user.choose_new_password(password, new_password, passwords=kit.passwords)
        code_port = (
            codes if not isinstance(codes, _NoCodes) else await kit.codes_for(ctx.sealer, user.id)
        )
        user.create_security_code(security_code, security_code, codes=code_port)
        outcome = LoginOutcome.SUCCESS
        if spent is not None:  # the temporary password is used: its sealed copies go too
            await kit.forget_temporary_password(ctx.sealer, user.id, spent)
    if (user.failed_attempts, user.status, user.credential_stage) != before:
        await users.save(user)
    emit(tx, ctx.topics, events)
    if outcome is LoginOutcome.SUCCESS:
        return LoginResult(outcome, principal=principal_of(user, authority))
    return LoginResult(outcome)


async def _codes(ctx: DirectoryContext, kit: CredentialKit, user: User):
    if user.is_removed or user.credential_stage is not CredentialStage.READY:
        return _NoCodes()
    try:
        return await kit.codes_for(ctx.sealer, user.id)
    except KeyShredded:
        return _NoCodes()


def _signed(ctx: DirectoryContext, kit: CredentialKit, result: LoginResult) -> LoginResult:
    if result.principal is None:
        return result
    token = ctx.issuer.issue(result.principal, now=kit.wall_clock())
    return LoginResult(result.outcome, token, result.principal, int(ctx.issuer.ttl.total_seconds()))
