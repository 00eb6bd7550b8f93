"""Issue 9 #12: one `field` convention for every 422, and error statuses declared per route
from what the route is made of (imi_shared.errors, imi_shared.openapi_errors)."""

from __future__ import annotations

from typing import Annotated

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI, Header
from pydantic import BaseModel, Field

from imi_shared.auth import CurrentPrincipal
from imi_shared.errors import ErrorBody, InvalidInput, error_field, install_rule_errors
from imi_shared.openapi_errors import (
    answers,
    declare_error_responses,
    error_responses,
    route_statuses,
)
from imi_shared.query_params import refuse_undeclared_query


class Named(BaseModel):
    reader: str = Field(max_length=2)


class Recipient(BaseModel):
    email: str = Field(max_length=5)


class Message(BaseModel):
    recipients: list[Recipient] = Field(max_length=3)


@answers(421)
def served(principal: CurrentPrincipal) -> str:
    return principal.member_state


@answers(429)
def throttle() -> None:
    return None


def outer(_: Annotated[None, Depends(throttle)]) -> None:  # marks reach through it
    return None


def tiny_app() -> FastAPI:
    app, router = FastAPI(), APIRouter()

    @router.get("/open")
    async def open_route() -> dict:
        return {}

    @router.get("/items/{item_id}")
    async def item(item_id: int, limit: int = 10, x_trace: Annotated[str, Header()] = "") -> dict:
        return {}

    @router.post("/messages")
    async def send(body: Message) -> dict:
        return {}

    @router.post("/mine/{case_id}")
    async def mine(case_id: str, ms: Annotated[str, Depends(served)]) -> dict:
        return {}

    @router.get("/names/{lang}")
    async def names(lang: str, reader: str = "en") -> dict:
        for name, value in (("lang", lang), ("reader", reader)):
            if value not in ("en", "fr"):  # a domain rule naming its input without a location
                raise InvalidInput("TRL-001", f"{value!r} is not an official language", name)
        return {}

    @router.post("/names")
    async def submit(body: Named) -> dict:
        raise InvalidInput("TRL-016", "not an official language", "reader")

    @router.post("/throttled", responses=error_responses(429))
    async def throttled() -> dict:
        return {}

    declare_error_responses(router)
    declare_error_responses(router)  # as create_service_app may on a router shared by apps
    app.include_router(router, dependencies=[Depends(refuse_undeclared_query)])
    install_rule_errors(app)
    return app


def test_issue_9_error_field_names_parameters_by_location_and_body_fields_by_path():
    assert error_field(("query", "broadcast_to")) == "query.broadcast_to"
    assert error_field(("path", "item_id")) == "path.item_id"
    assert error_field(("header", "if-match")) == "header.if-match"
    assert error_field(("body", "recipients", 0, "email")) == "recipients.0.email"
    assert error_field(("body",)) == "body"
    assert error_field(("email",)) == "email"  # a domain model's own field
    assert error_field(()) is None


@pytest.mark.parametrize(
    "method, url, body, field",
    [
        ("GET", "/items/1?limit=0.5", None, "query.limit"),  # a bad query value
        ("GET", "/items/1?text=", None, "query.text"),  # an undeclared query parameter
        ("GET", "/items/one", None, "path.item_id"),  # a bad path parameter
        ("POST", "/messages", {"recipients": [{"email": "toolong"}]}, "recipients.0.email"),
        ("POST", "/messages", None, "body"),  # the body as a whole
        ("GET", "/names/xx", None, "path.lang"),  # a domain refusal of a path parameter
        ("GET", "/names/fr?reader=xx", None, "query.reader"),  # ... of a query parameter
        ("POST", "/names", {"reader": "xx"}, "reader"),  # ... of a body field
    ],
)
async def test_issue_9_every_422_has_one_shape_and_one_field_convention(method, url, body, field):
    app = tiny_app()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.request(method, url, json=body)
    assert response.status_code == 422, response.text
    answer = response.json()
    assert set(answer) == {"rule", "error", "field"} and answer["rule"] in (
        "schema",
        "TRL-001",
        "TRL-016",
    )
    assert answer["field"] == field
    ErrorBody.model_validate(answer)  # the shape every route declares


def _declared(app: FastAPI) -> dict[tuple[str, str], set[int]]:
    return {
        (method.upper(), path): {int(s) for s in op["responses"] if not s.startswith("2")}
        for path, ops in app.openapi()["paths"].items()
        for method, op in ops.items()
    }


def test_issue_9_each_route_declares_the_error_statuses_its_make_up_allows():
    declared = _declared(tiny_app())
    assert declared[("GET", "/open")] == {422}  # only the undeclared-query refusal
    assert declared[("GET", "/items/{item_id}")] == {404, 422}
    assert declared[("POST", "/messages")] == {400, 409, 413, 422}
    assert declared[("POST", "/mine/{case_id}")] == {401, 403, 404, 409, 421, 422}
    assert declared[("POST", "/throttled")] == {409, 422, 429}
    for statuses in declared.values():
        assert not statuses & {401, 421} or 401 in statuses  # 421 only for a caller
    schema = tiny_app().openapi()["paths"]["/items/{item_id}"]["get"]["responses"]["404"]
    assert schema["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")


def test_issue_9_route_statuses_reads_dependencies_at_any_depth():
    router = APIRouter()

    @router.get("/deep")
    async def deep(_: Annotated[None, Depends(outer)]) -> dict:
        return {}

    (route,) = router.routes
    assert route_statuses(route) == {422, 429}  # type: ignore[arg-type]
