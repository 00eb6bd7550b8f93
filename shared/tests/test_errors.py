"""A rule violation raised anywhere in a service becomes a 4xx naming the rule and the field."""

import httpx
from fastapi import FastAPI

from imi_shared.errors import RuleViolation, install_rule_errors


class DomainError(Exception):
    def __init__(self, rule_id: str, message: str, field: str | None = None) -> None:
        super().__init__(f"{rule_id}: {message}")
        self.rule_id, self.message, self.field = rule_id, message, field


class Forbidden(DomainError):
    pass


async def test_domain_errors_map_to_statuses_by_class():
    app = FastAPI()
    install_rule_errors(app, {DomainError: 422, Forbidden: 403})

    @app.get("/bad")
    async def bad():
        raise DomainError("DIR-026", "at least one keyword per legislative area", "keywords")

    @app.get("/forbidden")
    async def forbidden():
        raise Forbidden("ALR-031", "only a mailbox forwarder acknowledges")

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        bad_response, forbidden_response = await c.get("/bad"), await c.get("/forbidden")
    assert bad_response.status_code == 422
    assert bad_response.json() == {
        "rule": "DIR-026",
        "field": "keywords",
        "error": "at least one keyword per legislative area",
    }
    assert forbidden_response.status_code == 403
    assert forbidden_response.json()["rule"] == "ALR-031"


class Refused(RuleViolation):
    http_status = 409
    rule_prefixes = ("ALR",)


async def test_rule_violations_render_with_their_own_status_and_ids_are_checked():
    app = FastAPI()
    install_rule_errors(app)

    @app.get("/refused")
    async def refused():
        raise Refused("ALR-058", "already acknowledged")

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.get("/refused")
    assert response.status_code == 409
    assert response.json() == {"rule": "ALR-058", "error": "already acknowledged"}
    import pytest

    with pytest.raises(ValueError):
        Refused("DIR-001", "not an alerts rule")
    with pytest.raises(ValueError):
        Refused("ALR-1", "malformed")


async def test_one_taxonomy_one_body_shape_for_rules_and_schema_errors():
    from pydantic import BaseModel, Field

    from imi_shared.errors import Conflict, Forbidden, InvalidInput, NotFound
    from imi_shared.openapi_errors import ERROR_RESPONSES

    app = FastAPI()
    install_rule_errors(app)
    raised = {
        "forbidden": Forbidden("X-054", "locked out"),
        "absent": NotFound("ALR-080", "no such alert"),
        "conflict": Conflict("DIR-137", "changed meanwhile"),
        "invalid": InvalidInput("REQ-011", "too long", "subject"),
    }

    class Body(BaseModel):
        name: str = Field(max_length=3)

    @app.get("/r/{kind}")
    async def refuse(kind: str):
        raise raised[kind]

    @app.post("/body", responses=ERROR_RESPONSES)
    async def body(payload: Body):
        return {}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        statuses = {k: (await c.get(f"/r/{k}")).status_code for k in raised}
        schema = await c.post("/body", json={"name": "toolong"})
        openapi = (await c.get("/openapi.json")).json()
    assert statuses == {"forbidden": 403, "absent": 404, "conflict": 409, "invalid": 422}
    assert schema.status_code == 422
    assert schema.json()["rule"] == "schema" and schema.json()["field"] == "name"
    declared = openapi["paths"]["/body"]["post"]["responses"]["422"]
    assert declared["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
