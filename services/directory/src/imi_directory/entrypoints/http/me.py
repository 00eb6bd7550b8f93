"""HTTP API of the directory: the caller's own session (X-016).

GET  /me           → the caller: token (expiry, principal) + current user record (X-054)
POST /auth/logout  → 204; the caller's token is refused from then on by every directory route
"""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from imi_shared.openapi_errors import error_responses

from ...handlers import session as handlers
from ._common import Context
from .session import CurrentSession

router = APIRouter(tags=["authentication"])


# issue 9 #12: a principal without a user record (the Commission helpdesk, X-003) has no /me
@router.get("/me", responses=error_responses(404))
async def me(ctx: Context, session: CurrentSession) -> dict:
    return await handlers.who_am_i(ctx, session.principal, session.expires_at)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(ctx: Context, session: CurrentSession) -> Response:
    await handlers.logout(ctx, session.principal, session.token_id, session.expires_at)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
