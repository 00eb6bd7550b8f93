"""FastAPI dependencies shared by the routers: the handlers' context and the caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from imi_shared.auth import CurrentPrincipal, Principal

from ...handlers.context import AlertsContext
from ...handlers.scope import require_in_scope


def alerts_context(request: Request) -> AlertsContext:
    return request.app.state.context


Context = Annotated[AlertsContext, Depends(alerts_context)]


async def served_principal(principal: CurrentPrincipal, ctx: Context) -> Principal:
    """The caller, if its member state is served here (else 421 naming X-001)."""
    require_in_scope(ctx.settings, principal.member_state, what=" (the caller's state)")
    return principal


Caller = Annotated[Principal, Depends(served_principal)]
