"""One error taxonomy and one error body for every service.

Domain layers raise a `RuleViolation` subclass naming the spec rule (`rule_id`), a message and,
where one field is at fault, the field. The class says the HTTP status, once, for everybody:

    Forbidden     403  the actor lacks the role, right or authority (X-054)
    NotFound      404  absent -- and, for reads, "not yours" (same answer, X-010)
    Conflict      409  the object's status or version does not allow it now
    InvalidInput  422  the data breaks a content rule

`HTTPException`s (the bearer check's 401, `require`'s 403) render in the same flat shape.
Malformed requests (pydantic validation of the body, path or query) get the same body shape,
with `rule` = "schema" and the first offending field. The shape is `ErrorBody`; each route
declares in OpenAPI the statuses it can answer (`imi_shared.openapi_errors`).

`field` names what is at fault, one convention for every producer (issue 9 #12):

    query.<name>, path.<name>, header.<name>, cookie.<name>  a parameter, location first
    recipients.0.email        a body field: its dotted path, list items by index, no prefix
    body                      the body as a whole (missing, unparsable, too large)

Body fields carry no `body.` prefix because domain refusals name them the same way (a rule on
`keywords` is about the body's `keywords`); parameters carry their location because a query
`status` and a body `status` are different inputs. `error_field` turns a pydantic location
into this name; `schema_error_body`, the directory's `RuleRoute`, the undeclared-query refusal
and the body cap all use it; a domain refusal naming a route parameter by its bare name gets
its location (`query_params.parameter_field`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.exceptions import HTTPException

from .query_params import UndeclaredQueryParameter, parameter_field

SCHEMA_RULE = "schema"


class RuleViolation(Exception):
    """Base of every domain refusal: names the spec rule (e.g. "ALR-031")."""

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


class Forbidden(RuleViolation):
    """The actor does not hold the role, right or function the action needs."""

    http_status = 403


class NotFound(RuleViolation):
    """No such object -- or one the actor may not know of (the same answer)."""

    http_status = 404


class Conflict(RuleViolation):
    """The object's status, version or a uniqueness rule does not allow the action now."""

    http_status = 409


class InvalidInput(RuleViolation):
    """The command's data breaks a content rule."""

    http_status = 422


class Unauthenticated(RuleViolation):
    """No valid bearer token (X-016): 401 with the `WWW-Authenticate` challenge."""

    http_status = 401

    def __init__(self, rule_id: str, message: str, *, challenge: str = "Bearer") -> None:
        super().__init__(rule_id, message)
        self.headers = {"WWW-Authenticate": challenge}


class ErrorBody(BaseModel):
    """Every 4xx body of every service."""

    rule: str = Field(description='the spec rule refusing the request, or "schema"')
    error: str = Field(description="what is wrong, in words")
    field: str | None = Field(default=None, description="the field at fault, dotted, if one")


def rule_error_body(exc: Exception) -> dict:
    body = {
        "rule": getattr(exc, "rule_id", None) or SCHEMA_RULE,
        "error": getattr(exc, "message", None) or str(exc),
    }
    field = getattr(exc, "field", None)
    if field:
        body["field"] = field
    return body


PARAMETER_LOCATIONS = frozenset({"query", "path", "header", "cookie"})
BODY_FIELD = "body"  # the field of a refusal of the whole body


def error_field(loc: Sequence[Any]) -> str | None:
    """The `field` of a pydantic error location, by the convention of the module docstring:
    ("query", "limit") -> "query.limit"; ("body", "links", 0, "url") -> "links.0.url";
    ("body",) -> "body"; a domain model's ("email",) -> "email"; () -> None."""
    parts = [str(part) for part in loc]
    if parts and parts[0] == BODY_FIELD:
        return ".".join(parts[1:]) or BODY_FIELD
    return ".".join(parts) or None  # a parameter keeps its location first


def schema_error_body(errors: list[dict]) -> dict:
    first = errors[0] if errors else {}
    body = {"rule": SCHEMA_RULE, "error": first.get("msg", "invalid request")}
    field = error_field(first.get("loc", ()))
    if field:
        body["field"] = field
    return body


def install_rule_errors(
    app: FastAPI, statuses: Mapping[type[Exception], int] | None = None
) -> None:
    """Render every `RuleViolation` with its class's `http_status` (`statuses` adds classes
    that are not RuleViolations), and schema errors in the same shape."""

    async def by_class(request: Request, exc: Exception) -> JSONResponse:
        if isinstance(exc, RuleViolation):  # a parameter named by its location (convention)
            exc.field = parameter_field(request, exc.field)
        if isinstance(exc, (Unauthenticated, Forbidden)):  # the auth dependencies' refusals
            body = ErrorBody(rule=exc.rule_id, error=exc.message, field=exc.field).model_dump()
        else:
            body = rule_error_body(exc)
        return JSONResponse(
            body,
            status_code=getattr(exc, "http_status", 422),
            headers=getattr(exc, "headers", None),
        )

    async def by_schema(request: Request, exc: Exception) -> JSONResponse:
        errors: list[Any] = []
        if isinstance(exc, (RequestValidationError, ValidationError)):
            errors = [dict(e) for e in exc.errors()]
        return JSONResponse(schema_error_body(errors), status_code=422)

    async def by_query(request: Request, exc: Exception) -> JSONResponse:
        message, field = str(getattr(exc, "message", exc)), getattr(exc, "field", None)
        return JSONResponse(
            ErrorBody(rule=SCHEMA_RULE, error=message, field=field).model_dump(), 422
        )

    async def by_http(request: Request, exc: Exception) -> JSONResponse:
        # HTTPException (e.g. 400 of a body that does not parse) in the same shape, headers kept
        assert isinstance(exc, HTTPException)
        detail = exc.detail
        if isinstance(detail, dict) and "rule" in detail:
            body = ErrorBody(
                rule=str(detail["rule"]),
                error=str(detail.get("error", "")),
                field=detail.get("field"),
            )
        else:  # FastAPI's 400: the body could not be parsed (a broken multipart form)
            body = ErrorBody(
                rule=SCHEMA_RULE,
                error=str(detail),
                field=BODY_FIELD if exc.status_code == 400 else None,
            )
        return JSONResponse(body.model_dump(), status_code=exc.status_code, headers=exc.headers)

    app.add_exception_handler(HTTPException, by_http)
    app.add_exception_handler(RuleViolation, by_class)
    app.add_exception_handler(UndeclaredQueryParameter, by_query)
    app.add_exception_handler(RequestValidationError, by_schema)
    app.add_exception_handler(ValidationError, by_schema)  # a domain model refusing a value
    for exc_class, status in (statuses or {}).items():

        async def handler(request: Request, exc: Exception, status: int = status) -> JSONResponse:
            return JSONResponse(rule_error_body(exc), status_code=status)

        app.add_exception_handler(exc_class, handler)
