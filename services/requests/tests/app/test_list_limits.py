"""The list, search and report routes refuse unbounded or malformed parameters before any
handler runs (no servers needed: validation happens before the unit of work)."""

import httpx
import pytest

from imi_requests.app import create_app
from imi_requests.settings import RequestsSettings
from imi_shared.auth import Principal, TokenIssuer, load_private_key

TOKEN = TokenIssuer(load_private_key("", "local"), "imi-directory").issue(
    Principal(user_id="u", username="u", authority_id="ca-fr", member_state="FR")
)


@pytest.fixture(scope="module")
def app():
    return create_app(RequestsSettings(principal_status=False))


@pytest.mark.parametrize(
    "query, field",
    [
        ("limit=201", "query.limit"),
        ("offset=801", "query.offset"),
        ("country=FRA", "query.country"),
        ("reference=" + "r" * 65, "query.reference"),
        ("la_code=a%20b", "query.la_code"),
        ("idle_days=0", "query.idle_days"),
        ("sent_from=0.5", "query.sent_from"),  # a number is not an ISO date-time
        ("received_to=2026-01-01T00:00:00", "query.received_to"),  # no time zone
        ("status=lost", "query.status.0"),
        ("texte=x", "query.texte"),  # an undeclared parameter
    ],
)
async def test_req_094_search_parameters_are_bounded(app, query, field):
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://requests"
    ) as client:
        answer = await client.get(
            f"/requests/search?{query}", headers={"Authorization": f"Bearer {TOKEN}"}
        )
    assert answer.status_code == 422, answer.text
    assert answer.json()["rule"] == "schema" and answer.json()["field"] == field


@pytest.mark.parametrize(
    "body, field",
    [
        ({"kind": "everything"}, "kind"),
        ({"kind": "custom", "sections": ["questions"] * 9}, "sections"),
        ({"kind": "custom", "language": "french"}, "language"),
    ],
)
async def test_req_096_report_orders_are_bounded(app, body, field):
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://requests"
    ) as client:
        answer = await client.post(
            "/requests/r1/reports", json=body, headers={"Authorization": f"Bearer {TOKEN}"}
        )
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == field
