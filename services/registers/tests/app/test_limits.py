"""The HTTP schema refuses over-long text and lists before any handler runs (no servers
needed: validation happens before the unit of work)."""

import httpx
import pytest

from imi_registers.app import create_app
from imi_registers.settings import RegistersSettings
from imi_shared.auth import Principal, TokenIssuer, load_private_key

TOKEN = TokenIssuer(load_private_key("", "local"), "imi-directory").issue(
    Principal(user_id="u", username="u", authority_id="ca", member_state="FR")
)
BODY = {
    "official_name": "Registre",
    "informal_name": "Register",
    "informal_name_language": "fr",
    "coverage": "national",
    "register_type": "general",
    "category_codes": ["gen.companies"],
    "owner": {"name": "Owner"},
}
TEXT = {"text": "t", "lang": "fr"}
LINK = {"url": "https://example.org", "lang": "fr"}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"official_name": "n" * 301}, "official_name"),
        ({"informal_name": "n" * 121}, "informal_name"),
        ({"owner": {"name": "o" * 301}}, "owner.name"),
        ({"category_codes": ["c"] * 21}, "category_codes"),
        ({"info_type_codes": ["c"] * 31}, "info_type_codes"),
        ({"info_languages": ["fr"] * 27}, "info_languages"),
        ({"access_restrictions": {**TEXT, "text": "t" * 4001}}, "access_restrictions.text"),
        ({"info_use": {**TEXT, "lang": "french"}}, "info_use.lang"),
        ({"links": [LINK] * 21}, "links"),
        ({"links": [{"url": "https://e.org/" + "p" * 2000, "lang": "fr"}]}, "links.0.url"),
        ({"region_code": "r" * 21}, "region_code"),
        ({"managing_authority_id": "ca-other"}, "managing_authority_id"),  # REG-013: not asked
    ],
)
async def test_every_text_field_and_list_has_a_limit(change, field):
    app = create_app(RegistersSettings(principal_status=False))  # no servers here
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://registers") as client:
        answer = await client.post(
            "/registers", json={**BODY, **change}, headers={"Authorization": f"Bearer {TOKEN}"}
        )
    assert answer.status_code == 422
    assert answer.json()["rule"] == "schema" and answer.json()["field"] == field
