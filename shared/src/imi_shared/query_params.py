"""Query parameters a route does not declare are refused (issue 9 #12), for every service.

FastAPI ignores unknown query parameters, so `GET /search/authorities?text=` (a typo of a
real criterion) silently answered everything. `refuse_undeclared_query` is a dependency that
`create_service_app` adds to every router: it compares the request's query names with the ones
the matched route (and its dependencies) declare, and refuses the first unknown one with a
422 in the one error body: `{"rule": "schema", "field": "query.<name>", ...}`. It declares no
parameter of its own, so the OpenAPI document is unchanged.

`parameter_field` gives a domain refusal's bare field ("lang") the location the kernel's field
convention wants ("query.lang", "path.lang") when it names a parameter of the matched route
(`install_rule_errors` applies it to every `RuleViolation`): the domain names inputs without
knowing whether HTTP carries them in the query, the path or the body.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import Request
from pydantic import BaseModel


class UndeclaredQueryParameter(Exception):
    """A query parameter the route does not declare (rendered by `install_rule_errors`)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown query parameter {name!r}")
        self.name = name
        self.message = f"the query parameter {name!r} is not one this route accepts"
        self.field = f"query.{name}"


def _names(field: Any) -> Iterator[str]:
    annotation = getattr(field.field_info, "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):  # a query model
        for name, info in annotation.model_fields.items():
            yield info.alias or name
    else:
        yield field.alias


def dependants(dependant: Any) -> Iterator[Any]:
    """A route's dependant and every dependency under it, at any depth."""
    pending = [dependant]
    while pending:
        current = pending.pop()
        yield current
        pending.extend(current.dependencies)


def parameter_field(request: Request, field: str | None) -> str | None:
    """`field` located by the route's parameters: a bare name that is a path, query or header
    parameter (and no top-level body field) gets its location first; anything else is kept."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if not field or "." in field or dependant is None:
        return field
    located: dict[str, str] = {}
    in_body: set[str] = set()
    for current in dependants(dependant):
        for location in ("path", "query", "header"):
            for param in getattr(current, f"{location}_params"):
                located.update(dict.fromkeys(_names(param), location))
        for param in current.body_params:
            in_body.update(_names(param), [param.name])
    if field in located and field not in in_body:
        return f"{located[field]}.{field}"
    return field


def declared_query_names(dependant: Any) -> set[str]:
    """Every query name of the dependant and of its sub-dependencies."""
    names: set[str] = set()
    for current in dependants(dependant):
        for field in current.query_params:
            names.update(_names(field))
    return names


async def refuse_undeclared_query(request: Request) -> None:
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None or not request.query_params:
        return
    declared = declared_query_names(dependant)
    for name in request.query_params:
        if name not in declared:
            raise UndeclaredQueryParameter(name)
