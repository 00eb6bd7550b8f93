"""ONE end to end test on the real local servers: the directory's events (Kafka) give the
workflow parameters, then create → send (approval applies, REQ-057) → the requesting
coordinator's arbiter approves (REQ-059) → the responding allocator allocates (REQ-090) →
only the allocated handler accepts (REQ-051, REQ-062), and the responder sees the personal data
only after acceptance (REQ-024, REQ-025). The outbox relay and the service's own consumer bring
the request to the responding authority's incoming list (REQ-023)."""

from __future__ import annotations

from imi_shared.auth import Principal
from imi_testkit.apps import bearer, eventually
from imi_testkit.directory_events import publish_directory_event, user_roles_changed
from imi_testkit.directory_events import requests_authority_registered as registered


def user(user_id: str, authority_id: str, ms: str, *rights: str) -> dict[str, str]:
    return bearer(
        Principal(
            user_id=user_id,
            username=user_id,
            authority_id=authority_id,
            member_state=ms,
            user_rights={"services/requests": rights},
        )
    )


async def test_req_057_059_090_051_062_create_send_approve_allocate_accept(
    infra, unique, requests_app
):
    fr, fr_c, de, de_c = (f"{n}-{unique}" for n in ("fr-ca", "fr-coord", "de-ca", "de-coord"))
    directory = [
        registered(fr, "FR", "request_authority", (fr_c,), approval_required=True),
        registered(fr_c, "FR", "request_coordinator", (), approve_requests=True),
        registered(de, "DE", "request_authority", (de_c,), allocation_enabled=True),
        registered(de_c, "DE", "request_coordinator"),
    ]
    sender = user("u-fr", fr, "FR", "request_handler")
    arbiter = user("a-fr", fr_c, "FR", "arbiter")
    allocator = user("al-de", de, "DE", "allocator")
    de_handler = f"u-de-{unique}"  # REQ-049: the users read model knows it as a handler
    handler, colleague = (user(u, de, "DE", "request_handler") for u in (de_handler, "u-de-2"))
    directory.append(user_roles_changed(de_handler, de, "DE", ("request_handler",)))
    body = {
        "la_code": "services",
        "responding_authority_id": de,
        "question_set_code": "SD-GENERAL",
        "questions": [
            {
                "code": "SD-GENERAL.Q1",
                "comment": {"text": "see attached diploma", "lang": "en"},
                "attachment_id": "att-1",
            },
        ],
        "attachments": [{"attachment_id": "att-1", "filename": "d.pdf", "content_ref": "s://1"}],
        "subject": [{"name": "provider_name", "value": "Jean Dupont"}],
        "send": True,
    }
    http = requests_app.http
    # the package's one running requests process (tests/app/conftest.py)
    for envelope in directory:
        await publish_directory_event(infra.kafka_bootstrap, requests_app.topics, envelope)
    view = requests_app.db.directory_view

    async def directory_known() -> bool:
        users = await requests_app.db.directory_users.count_documents({"_id": de_handler})
        authorities = await view.count_documents({"_id": {"$in": [fr, fr_c, de, de_c]}})
        return (authorities, users) == (4, 1)

    await eventually(directory_known, timeout=30, what="the directory read model")
    created = await http.post("/requests", json=body, headers=sender)
    assert created.status_code == 201, created.text
    request_id = created.json()["request_id"]
    hidden = await http.get(f"/requests/{request_id}", headers=handler)  # REQ-112
    approved = await http.post(f"/requests/{request_id}/approve", headers=arbiter)
    before = await http.get(f"/requests/{request_id}", headers=handler)
    allocated = await http.post(
        f"/requests/{request_id}/allocations",
        json={"side": "responding", "user_ids": [de_handler]},
        headers=allocator,
    )
    not_allocated = await http.post(f"/requests/{request_id}/accept", json={}, headers=colleague)
    accepted = await http.post(
        f"/requests/{request_id}/accept",
        json={"proposed_deadline": "2031-01-31"},
        headers=handler,
    )
    after = await http.get(f"/requests/{request_id}", headers=handler)

    async def incoming():
        rows = (await http.get("/requests/incoming", headers=handler)).json()
        return [(r["request_id"], r["status"]) for r in rows if r["status"] == "accepted"]

    listed = await eventually(incoming, timeout=30, what="the incoming list")
    assert created.json()["status"] == "awaiting_request_approval"
    assert hidden.status_code == 404 and hidden.json()["rule"] == "X-010"
    assert approved.status_code == 200 and approved.json()["status"] == "awaiting_acceptance"
    assert before.json()["view"] == "without_pd"
    assert before.json()["subject"] == [] and before.json()["attachments"] == []
    assert before.json()["questions"][0]["comment"]["text"] == "see attached diploma"
    assert allocated.status_code == 200, allocated.text
    assert not_allocated.status_code == 403 and not_allocated.json()["rule"] == "REQ-051"
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted", accepted.text
    assert after.json()["view"] == "full"
    assert after.json()["subject"][0]["value"] == "Jean Dupont"
    assert after.json()["proposed_deadline"] == "2031-01-31"
    assert listed == [(request_id, "accepted")]
