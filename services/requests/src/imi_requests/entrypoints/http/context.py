"""The routes' dependency on the service's context.

`async`: FastAPI runs a plain `def` dependency in its thread pool, a thread hand-off on every
call (issue 12: the kernel's `imi_shared.runtime.service_context` is one); this reads the same
`app.state.context` on the event loop.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ...context import RequestsContext


async def requests_context(request: Request) -> RequestsContext:
    return request.app.state.context


Ctx = Annotated[RequestsContext, Depends(requests_context)]
