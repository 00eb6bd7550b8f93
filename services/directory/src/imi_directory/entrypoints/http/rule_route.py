"""Bad input → 4xx naming the rule AND the field, for the routes that opt in.

- `RuleRoute` (an `APIRoute` class): a request that fails FastAPI's validation (missing field,
  wrong type) answers 422 in the kernel's one body shape (`imi_shared.errors.ErrorBody`:
  `{"rule", "error", "field"}`), naming the spec rule of the field instead of the kernel's
  generic `"schema"`. The rule comes from the route's `openapi_extra=rules(default, field=rule...)`.
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

from imi_shared.errors import SCHEMA_RULE, ErrorBody, RuleViolation

RULES_KEY = "x-imi-rules"


def rules(default: str, **fields: str) -> dict:
    """`openapi_extra` of a route: the rule of each body field (by its first path element)."""
    return {RULES_KEY: {"*": default, **fields}}


def _field(location: tuple) -> str:
    parts = [str(p) for p in location]
    if parts and parts[0] in {"body", "query", "path", "header", "form", "file"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


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
                field = _field(tuple(first.get("loc", ())))
                body = ErrorBody(
                    rule=table.get(field.split(".")[0]) or table.get("*") or SCHEMA_RULE,
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
