"""Who the caller is NOW (X-054, DIR-090, DIR-094, DIR-095): every authenticated directory call
judges the verified token against the directory's own records, through the kernel's
`app.state.principal_check` hook run by `current_principal`.

- a removed user (DIR-090), a locked-out user (DIR-094), a user whose credentials were reset
  and who has not logged in again (DIR-095), and a user whose authority is gone are refused
  with 401;
- otherwise the principal is rebuilt from the current user and authority (roles and rights
  as they stand, not the token's copy).
Users the directory holds no record of (the helpdesk and seeded principals) are as their token
says: the directory signs tokens for its own users only.
"""

from __future__ import annotations

from fastapi import Request

from imi_shared.auth import Principal, PrincipalRefused, VerifiedToken
from imi_shared.mongo import Transaction

from ..adapters.authority_repository import AuthorityRepository
from ..adapters.user_repository import UserRepository
from ..bootstrap import DirectoryContext, directory_context
from ..domain.authority import Authority
from ..domain.enums import UserStatus
from ..domain.users import CredentialStage, User
from .login import principal_of


def principal_now(
    principal: Principal, user: User | None, authority: Authority | None
) -> Principal:
    if user is None:
        return principal
    if user.status is UserStatus.REMOVED:
        raise PrincipalRefused("DIR-090: this user was removed")
    if user.status is UserStatus.LOCKED_OUT:
        raise PrincipalRefused("DIR-094: this account is locked out; its password must be reset")
    if user.credential_stage is not CredentialStage.READY:
        raise PrincipalRefused("DIR-095: the credentials were reset; log in again")
    if authority is None:
        raise PrincipalRefused("DIR-106: the user's authority no longer exists")
    return principal_of(user, authority)


async def current_principal_of(ctx: DirectoryContext, token: VerifiedToken) -> Principal:
    async def read(tx: Transaction) -> tuple[User | None, Authority | None]:
        user = await UserRepository(tx).find(token.principal.user_id)
        if user is None:
            return None, None
        return user, await AuthorityRepository(tx).find(user.authority_id)

    user, authority = (await ctx.uow.run(read)).value or (None, None)
    return principal_now(token.principal, user, authority)


async def directory_principal_check(request: Request, token: VerifiedToken) -> Principal:
    """`app.state.principal_check` of the directory."""
    return await current_principal_of(directory_context(request), token)
