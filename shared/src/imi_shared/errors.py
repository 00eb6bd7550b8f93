"""HTTP error shape shared by every service: a rule violation becomes a 4xx naming the rule.

Domain layers raise exceptions carrying `rule_id` and `message` (and optionally `field`);
each service maps its exception classes to status codes once, here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


class RuleViolation(Exception):
    """Base of every service's domain refusals: names the spec rule (e.g. "ALR-031").

    `rule_prefixes` restricts which rule families a service's errors may cite.
    """

    http_status: int = 422
    rule_prefixes: tuple[str, ...] = ("X", "DIR", "REQ", "ALR", "REG", "NOT", "RET", "TRL")

    def __init__(self, rule_id: str, message: str, field: str | None = None) -> None:
        prefix, _, number = rule_id.partition("-")
        if prefix not in self.rule_prefixes or not re.fullmatch(r"\d{3}", number):
            raise ValueError(f"not a spec rule id: {rule_id!r}")
        super().__init__(f"{rule_id}: {message}")
        self.rule_id = rule_id
        self.message = message
        self.field = field


def rule_error_body(exc: Exception) -> dict:
    body = {
        "rule": getattr(exc, "rule_id", None),
        "error": getattr(exc, "message", None) or str(exc),
    }
    field = getattr(exc, "field", None)
    if field:
        body["field"] = field
    return body


def install_rule_errors(
    app: FastAPI, statuses: Mapping[type[Exception], int] | None = None
) -> None:
    """Render every `RuleViolation` with its class's `http_status`; `statuses` adds or overrides
    classes (the most specific class wins: Starlette looks handlers up along the MRO)."""

    async def by_class(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(rule_error_body(exc), status_code=getattr(exc, "http_status", 422))

    app.add_exception_handler(RuleViolation, by_class)
    for exc_class, status in (statuses or {}).items():

        async def handler(request: Request, exc: Exception, status: int = status) -> JSONResponse:
            return JSONResponse(rule_error_body(exc), status_code=status)

        app.add_exception_handler(exc_class, handler)
