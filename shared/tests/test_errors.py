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
