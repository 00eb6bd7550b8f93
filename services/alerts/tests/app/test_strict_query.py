"""Issue 9 item 12: query parameters are parsed strictly -- a datetime is ISO 8601 with a time
zone (never a number), strings are bounded -- else the kernel's 422 schema error, naming the
parameter by its location (`query.<name>`, the kernel's one field convention)."""

import pytest


@pytest.mark.parametrize(
    "params, field",
    [
        ({"broadcast_to": "0.5"}, "query.broadcast_to"),
        ({"broadcast_from": "1700000000"}, "query.broadcast_from"),
        ({"broadcast_to": "2026-01-31T12:00:00"}, "query.broadcast_to"),  # no time zone
        ({"number": "x" * 65}, "query.number"),
        ({"launching_ms": "FRANCE"}, "query.launching_ms"),
        ({"limit": "0"}, "query.limit"),
        ({"offset": "10001"}, "query.offset"),
    ],
)
async def test_alr_077_lax_query_values_are_refused(api, user, params, field):
    response = await api.request("GET", "/alerts", user("FR-A", "handler"), **params)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["rule"] == "schema" and body["field"] == field, body


async def test_alr_077_iso_datetimes_with_a_zone_are_taken(api, user):
    for value in ("2026-01-31T12:00:00Z", "2026-01-31T12:00:00+01:00"):
        answer = await api.ok("GET", "/alerts", user("FR-A", "handler"), broadcast_to=value)
        assert isinstance(answer["items"], list)


async def test_x_001_the_inbox_participant_is_a_state_code(api, user):
    response = await api.request(
        "GET", "/inbox", user("DE-INBOX", "forwarder"), participant="x" * 3
    )
    assert response.status_code == 422 and response.json()["field"] == "query.participant"
