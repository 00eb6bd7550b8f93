"""Query parameters a route does not declare are refused (issue 9 #12), for every service.

FastAPI ignores unknown query parameters, so `GET /search/authorities?text=` (a typo of a
real criterion) silently answered everything. `refuse_undeclared_query` is a dependency that
`create_service_app` adds to every router: it compares the request's query names with the ones
the matched route (and its dependencies) declare, and refuses the first unknown one with a
422 in the one error body: `{"rule": "schema", "field": "query.<name>", ...}`. It declares no
parameter of its own, so the OpenAPI document is unchanged.
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


def declared_query_names(dependant: Any) -> set[str]:
    """Every query name of the dependant and of its sub-dependencies."""
    names: set[str] = set()
    pending = [dependant]
    while pending:
        current = pending.pop()
        for field in current.query_params:
            names.update(_names(field))
        pending.extend(current.dependencies)
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
