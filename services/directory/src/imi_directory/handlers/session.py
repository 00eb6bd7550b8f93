"""The caller's own session (X-016): who they are now (GET /me) and logging out (revocation).

`/me` combines the token (what other services see: principal, expiry) with the current user
record (status and roles may have changed since the token was issued, X-054).
"""

from __future__ import annotations

from datetime import datetime

from imi_shared.auth import Principal
from imi_shared.errors import NotFound

from ..adapters.revoked_tokens import RevokedTokens
from ..adapters.user_repository import UserRepository
from ..bootstrap import DirectoryContext
from ..domain.enums import UserStatus


async def who_am_i(ctx: DirectoryContext, principal: Principal, expires_at: datetime) -> dict:
    """X-016 / X-054: the caller as the token says and as the directory knows them now. A
    removed user, or one this directory does not hold, is not found (DIR-140, X-002)."""
    user = (await ctx.uow.run(lambda tx: UserRepository(tx).get(principal.user_id))).value
    if user.status is UserStatus.REMOVED:
        raise NotFound("DIR-140", "no current user for this token")
    claims = principal.model_dump(mode="json")
    return {
        "user_id": user.id,
        "username": user.username,
        "authority_id": user.authority_id,
        "member_state": user.member_state,
        "status": str(user.status),
        "roles": [role.model_dump(mode="json") for role in user.roles],
        "token": {
            "expires_at": expires_at.isoformat(),
            "authority_roles": claims["authority_roles"],
            "user_rights": claims["user_rights"],
            "local_data_admin": principal.local_data_admin,
            "data_admin_las": list(principal.data_admin_las),
        },
    }


async def logout(
    ctx: DirectoryContext, principal: Principal, token_id: str, expires_at: datetime
) -> None:
    """X-016: revoke the caller's token until it expires (idempotent)."""
    await RevokedTokens(ctx.uow.db).revoke(
        token_id, user_id=principal.user_id, expires_at=expires_at, now=ctx.kit.wall_clock()
    )
