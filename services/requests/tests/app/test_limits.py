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
QUESTION = {"code": "SD-GENERAL.Q1"}


@pytest.mark.parametrize(
    "path, change, field",
    [
        ("/requests", {"la_code": "x" * 61}, "la_code"),
        ("/requests", {"responding_authority_id": "a" * 65}, "responding_authority_id"),
        ("/requests", {"questions": [QUESTION] * 51}, "questions"),
        ("/requests", {"questions": [{"code": "q" * 61}]}, "questions.0.code"),
        (
            "/requests",
            {"questions": [{**QUESTION, "comment": {"text": "x" * 4001, "lang": "fr"}}]},
            "questions.0.comment.text",
        ),
        (
            "/requests",
            {"questions": [{**QUESTION, "comment": {"text": "x", "lang": "french"}}]},
            "questions.0.comment.lang",
        ),
        (
            "/requests",
            {"attachments": [{"attachment_id": "a", "filename": "f" * 256, "content_ref": "r"}]},
            "attachments.0.filename",
        ),
        ("/requests", {"subject": [{"name": "n", "value": "v" * 501}]}, "subject.0.value"),
        (
            "/requests/r1/refuse",
            {"justification": {"text": "x" * 4001, "lang": "en"}},
            "justification.text",
        ),
        ("/requests/r1/allocations", {"side": "responding", "user_ids": ["u"] * 51}, "user_ids"),
    ],
)
async def test_every_text_field_and_list_has_a_limit(path, change, field):
    app = create_app(RequestsSettings(principal_status=False))  # no servers here
    body = {"la_code": "services", **change} if path == "/requests" else change
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://requests") as client:
        answer = await client.post(path, json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 422
    assert answer.json()["rule"] == "schema" and answer.json()["field"] == field


async def test_x_016_no_token_no_request():
    app = create_app(RequestsSettings(principal_status=False))  # no servers here
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://requests") as client:
        answer = await client.get("/requests/incoming")
    assert answer.status_code == 401


def test_openapi_documents_every_route_with_the_one_error_shape():
    schema = create_app(RequestsSettings(principal_status=False)).openapi()
    paths = schema["paths"]
    assert {"/requests/{request_id}/accept", "/requests/{request_id}/split"} <= set(paths)
    for path, operations in paths.items():
        for method, operation in operations.items():
            if path.startswith("/requests"):
                assert "422" in operation["responses"], (method, path)
                assert operation.get("description") or operation.get("summary"), (method, path)
