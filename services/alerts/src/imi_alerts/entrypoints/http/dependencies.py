"""FastAPI dependencies shared by the routers: the handlers' context and the caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from imi_shared.auth import CurrentPrincipal, Principal
from imi_shared.openapi_errors import answers

from ...handlers.context import AlertsContext
from ...handlers.scope import require_in_scope


def alerts_context(request: Request) -> AlertsContext:
    return request.app.state.context


Context = Annotated[AlertsContext, Depends(alerts_context)]


@answers(421)  # issue 9 #12: OpenAPI of every route acting for a caller declares it
async def served_principal(principal: CurrentPrincipal, ctx: Context) -> Principal:
    """The caller, if its member state is served here (else 421 naming X-001)."""
    require_in_scope(ctx.settings, principal.member_state, what=" (the caller's state)")
    return principal


Caller = Annotated[Principal, Depends(served_principal)]
