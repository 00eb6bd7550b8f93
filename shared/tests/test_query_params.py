"""Issue 9 #12: a query parameter the route does not declare is refused with the one error
body (rule "schema", field "query.<name>"), instead of being silently ignored."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import APIRouter, Depends, FastAPI, Query
from pydantic import BaseModel

from imi_shared.errors import install_rule_errors
from imi_shared.query_params import refuse_undeclared_query


class Page(BaseModel):
    limit: int = 10
    after: str | None = None


def tenant(member_state: str = "FR") -> str:  # a dependency's own query parameter
    return member_state


def tiny_app() -> FastAPI:
    app, router = FastAPI(), APIRouter()

    @router.get("/search")
    async def search(
        name: str = "",
        states: Annotated[list[str], Query(alias="state")] = [],  # noqa: B006
        ms: str = Depends(tenant),
    ) -> dict:
        return {"name": name, "states": states, "ms": ms}

    @router.get("/pages")
    async def pages(page: Annotated[Page, Query()]) -> dict:
        return page.model_dump()

    app.include_router(router, dependencies=[Depends(refuse_undeclared_query)])
    install_rule_errors(app)
    return app


async def test_issue_9_undeclared_query_parameters_are_refused_in_the_one_body():
    app = tiny_app()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        typo = await c.get("/search", params={"text": "mairie"})
        ok = await c.get(
            "/search", params={"name": "m", "state": ["FR", "DE"], "member_state": "DE"}
        )
        model = await c.get("/pages", params={"limit": 5, "after": "x"})
        model_typo = await c.get("/pages", params={"limit": 5, "offset": 3})
        openapi = (await c.get("/openapi.json")).json()
    assert typo.status_code == 422
    assert typo.json() == {"rule": "schema", "error": typo.json()["error"], "field": "query.text"}
    assert "text" in typo.json()["error"]
    assert (ok.status_code, ok.json()) == (200, {"name": "m", "states": ["FR", "DE"], "ms": "DE"})
    assert (model.status_code, model.json()) == (200, {"limit": 5, "after": "x"})
    assert (model_typo.status_code, model_typo.json()["field"]) == (422, "query.offset")
    declared = {p["name"] for p in openapi["paths"]["/search"]["get"]["parameters"]}
    assert declared == {"name", "state", "member_state"}  # the guard adds no parameter
