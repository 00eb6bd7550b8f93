"""HTTP error shape shared by every service: a rule violation becomes a 4xx naming the rule.

Domain layers raise exceptions carrying `rule_id` and `message` (and optionally `field`);
each service maps its exception classes to status codes once, here.
"""
from __future__ import annotations

from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


def rule_error_body(exc: Exception) -> dict:
    body = {
        "rule": getattr(exc, "rule_id", None),
        "error": getattr(exc, "message", None) or str(exc),
    }
    field = getattr(exc, "field", None)
    if field:
        body["field"] = field
    return body


def install_rule_errors(app: FastAPI, statuses: Mapping[type[Exception], int]) -> None:
    """Register handlers: each exception class (and its subclasses) → its HTTP status.

    The most specific class wins, since Starlette looks exception handlers up along the MRO.
    """
    for exc_class, status in statuses.items():
        async def handler(request: Request, exc: Exception, status: int = status) -> JSONResponse:
            return JSONResponse(rule_error_body(exc), status_code=status)

        app.add_exception_handler(exc_class, handler)
