"""Bad input → 4xx naming the rule AND the field, for the routes that opt in.

- `RuleRoute` (an `APIRoute` class): a request that fails FastAPI's validation (missing field,
  wrong type) answers 422 `{"rule", "error", "field", "detail"}` instead of FastAPI's bare
  `{"detail"}`. The rule comes from the route's `openapi_extra=rules(default, field=rule...)`.
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

from ...domain.errors import DomainError

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
                errors = list(exc.errors())
                first = errors[0] if errors else {"loc": ("body",), "msg": "invalid request"}
                field = _field(tuple(first.get("loc", ())))
                rule = table.get(field.split(".")[0]) or table.get("*")
                detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in errors]
                return JSONResponse(
                    status_code=422,
                    content={
                        "rule": rule,
                        "error": f"{field}: {first.get('msg', 'invalid')}",
                        "field": field,
                        "detail": detail,
                    },
                )

        return route_handler


@contextlib.contextmanager
def naming(fields: Mapping[str, str]) -> Iterator[None]:
    """Set `field` on a domain refusal whose rule is in `fields` (and that names none)."""
    try:
        yield
    except DomainError as exc:
        if not getattr(exc, "field", None) and exc.rule_id in fields:
            exc.field = fields[exc.rule_id]
        raise
