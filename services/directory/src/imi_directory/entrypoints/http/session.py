"""The caller's session: the verified token (kernel `CurrentPrincipal`) plus what the directory
alone checks — that its holder has not revoked it (POST /auth/logout, X-016).

Every authenticated directory route depends on `CheckedPrincipal` (through `CurrentActor`), so a
revoked token is refused with 401 X-016 on every call after the logout.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from imi_shared.auth import AUTH_RULE, CurrentPrincipal, Principal
from imi_shared.errors import Unauthenticated

from ...adapters.revoked_tokens import RevokedTokens
from ...bootstrap import directory_context

_bearer = HTTPBearer(auto_error=False)


@dataclass(frozen=True)
class Session:
    principal: Principal
    token_id: str  # the token's `jti`
    expires_at: datetime


async def current_session(
    request: Request,
    principal: CurrentPrincipal,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Session:
    """The caller's token, already verified by `CurrentPrincipal` (signature, issuer, expiry),
    and not revoked. Its claims are read again here only for `jti` and `exp`."""
    assert credentials is not None  # CurrentPrincipal refused a call without a token
    claims = jwt.decode(credentials.credentials, options={"verify_signature": False})
    if await RevokedTokens(directory_context(request).uow.db).is_revoked(claims["jti"]):
        raise Unauthenticated(
            AUTH_RULE, "token revoked (logged out)", challenge='Bearer error="invalid_token"'
        )
    return Session(principal, claims["jti"], datetime.fromtimestamp(claims["exp"], UTC))


CurrentSession = Annotated[Session, Depends(current_session)]


def checked_principal(session: CurrentSession) -> Principal:
    return session.principal


CheckedPrincipal = Annotated[Principal, Depends(checked_principal)]
