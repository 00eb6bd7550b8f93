"""The HTTP schema refuses over-long text and lists before any handler runs (no servers
needed: validation happens before the unit of work)."""

import httpx
import pytest

from imi_requests.app import create_app
from imi_requests.settings import RequestsSettings
from imi_shared.auth import Principal, TokenIssuer, load_private_key

TOKEN = TokenIssuer(load_private_key("", "local"), "imi-directory").issue(
    Principal(user_id="u", username="u", authority_id="ca-fr", member_state="FR")
)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"la_code": "x" * 61}, "la_code"),
        ({"responding_authority_id": "a" * 65}, "responding_authority_id"),
        ({"question_codes": ["q"] * 51}, "question_codes"),
        ({"question_codes": ["q" * 61]}, "question_codes.0"),
        ({"responding_member_state": "XX"}, "responding_member_state"),
    ],
)
async def test_every_text_field_and_list_has_a_limit(change, field):
    app = create_app(RequestsSettings(principal_status=False))  # no servers here
    body = {"la_code": "services", **change}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://requests") as client:
        answer = await client.post(
            "/requests", json=body, headers={"Authorization": f"Bearer {TOKEN}"}
        )
    assert answer.status_code == 422
    assert answer.json()["rule"] == "schema" and answer.json()["field"] == field


async def test_x_016_no_token_no_request():
    app = create_app(RequestsSettings(principal_status=False))  # no servers here
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://requests") as client:
        answer = await client.get("/requests/incoming")
    assert answer.status_code == 401
