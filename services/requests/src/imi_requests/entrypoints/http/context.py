"""The routes' dependency on the service's context: the kernel's `service_context` (async, so
no thread hand-off per request), typed for the requests' routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from imi_shared.runtime import service_context

from ...context import RequestsContext

Ctx = Annotated[RequestsContext, Depends(service_context)]
