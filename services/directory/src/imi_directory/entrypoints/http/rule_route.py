"""Bad input → 4xx naming the rule AND the field, for the routes that opt in.

- `RuleRoute` (an `APIRoute` class): a request that fails FastAPI's validation (missing field,
  wrong type) answers 422 in the kernel's one body shape (`imi_shared.errors.ErrorBody`:
  `{"rule", "error", "field"}`, `field` named by the kernel's `error_field` convention:
  `query.status`, `la_workflows.0.workflow`), naming the spec rule of the field instead of
  the kernel's generic `"schema"`. The rule comes from the route's `openapi_extra=rules(default, field=rule...)`.
- `naming({rule: field})`: a domain refusal raised inside the block gets `field` set when the
  rule concerns one input field (domain errors name the rule, not the request's field).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from imi_shared.errors import (
    BODY_FIELD,
    PARAMETER_LOCATIONS,
    SCHEMA_RULE,
    ErrorBody,
    RuleViolation,
    error_field,
)

RULES_KEY = "x-imi-rules"


def rules(default: str, **fields: str) -> dict:
    """`openapi_extra` of a route: the rule of each body field (by its first path element)."""
    return {RULES_KEY: {"*": default, **fields}}


def _name(location: tuple) -> str:
    """The input's own name, without its location: the key of the route's rule table."""
    parts = [str(p) for p in location]
    if parts and parts[0] in PARAMETER_LOCATIONS | {BODY_FIELD}:
        parts = parts[1:]
    return parts[0] if parts else BODY_FIELD


class RuleRoute(APIRoute):
    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()
        table: Mapping[str, str] = (self.openapi_extra or {}).get(RULES_KEY, {})

        async def route_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                errors = [dict(e) for e in exc.errors()]
                first = errors[0] if errors else {"loc": ("body",), "msg": "invalid request"}
                location = tuple(first.get("loc", ()))
                field = error_field(location) or BODY_FIELD  # the kernel's convention
                body = ErrorBody(
                    rule=table.get(_name(location)) or table.get("*") or SCHEMA_RULE,
                    error=f"{field}: {first.get('msg', 'invalid')}",
                    field=field,
                )
                return JSONResponse(status_code=422, content=body.model_dump())

        return route_handler


@contextlib.contextmanager
def naming(fields: Mapping[str, str]) -> Iterator[None]:
    """Set `field` on a domain refusal whose rule is in `fields` (and that names none)."""
    try:
        yield
    except RuleViolation as exc:
        if not getattr(exc, "field", None) and exc.rule_id in fields:
            exc.field = fields[exc.rule_id]
        raise
