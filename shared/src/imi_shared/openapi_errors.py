"""Which error statuses each route declares in OpenAPI, derived from the route (issue 9 #12).

Declaring every status on every route (the old `ERROR_RESPONSES` on each router) told clients
that `GET /healthz`-like reads could answer 413 or 429 and that open routes could answer 401.
`create_service_app` now calls `declare_error_responses(router)` before including a router; each
route gets, from what it is made of:

    422  always: every route refuses an undeclared query parameter (`refuse_undeclared_query`),
         and any parameter or body it declares is validated
    400, 413  a route with a body (unparsable form, the body cap of `BodyLimit`)
    404  a route with a path parameter (absent, or not yours: X-010)
    401, 403  a route depending on `current_principal` (the bearer check, then the rights)
    409  a route that changes state (not GET/HEAD): status, version or uniqueness rules
    ...  whatever a dependency it uses was marked with by `answers(...)` (e.g. alerts' served
         caller answers 421, X-001)

A route can add more with its own `responses=error_responses(...)` (the directory's login
routes answer 401 and 429, DIR-091/DIR-094): what a route declares itself is kept. Every
entry is an `ErrorBody` (the one body shape of `imi_shared.errors`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from fastapi.routing import APIRoute

from .errors import ErrorBody
from .query_params import dependants

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "Malformed request: the body could not be parsed"),
        (401, "Unauthorized: no valid bearer token (X-016), or wrong credentials at login"),
        (403, "Forbidden: a rule refuses this actor"),
        (404, "Not found (or not yours, X-010)"),
        (409, "Conflict: the object's status or version does not allow it"),
        (413, "Body too large"),
        (421, "Misdirected: the participant is served by another deployment (X-001)"),
        (422, "Invalid input: a rule or the schema refuses the data (or an undeclared query)"),
        (429, "Too many requests: try again later (Retry-After)"),
    )
}
MARK = "__imi_error_statuses__"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
Call = TypeVar("Call", bound=Callable[..., Any])


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI entries of `statuses` (for a route's or router's own `responses=`)."""
    return {status: ERROR_RESPONSES[status] for status in statuses}


def answers(*statuses: int) -> Callable[[Call], Call]:
    """Mark a dependency: every route depending on it (directly or not) declares `statuses`."""

    def mark(call: Call) -> Call:
        setattr(call, MARK, frozenset(getattr(call, MARK, ())) | set(statuses))
        return call

    return mark


def route_statuses(route: APIRoute) -> set[int]:
    """The error statuses `route` can answer, by the table of the module docstring."""
    from .auth import current_principal  # auth imports errors: no cycle at import time

    statuses = {422}
    if route.body_field is not None:
        statuses |= {400, 413}
    if not set(route.methods or ()) <= SAFE_METHODS:
        statuses.add(409)
    for dependant in dependants(route.dependant):
        if dependant.path_params:
            statuses.add(404)
        if dependant.call is current_principal:
            statuses |= {401, 403}
        statuses |= set(getattr(dependant.call, MARK, ()))
    return statuses


def _api_routes(routes: Any) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # a router included in this one (lazily)
            yield from _api_routes(route.original_router.routes)


def declare_error_responses(router: Any) -> None:
    """Give every route of `router` the error responses it can answer (before it is included:
    `include_router` copies the routes). A route's own entries win; calling it again is a no-op."""
    for route in _api_routes(router.routes):
        derived = error_responses(*sorted(route_statuses(route)))
        route.responses = {**derived, **route.responses}
