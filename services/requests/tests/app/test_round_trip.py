"""End to end on the real local servers: POST /requests (send) → outbox relay → Kafka
(`imi.requests.events`) → the service's own consumer → incoming list via GET (REQ-058, X-051)."""

import httpx

from imi_requests.app import create_app
from imi_requests.settings import RequestsSettings
from imi_shared.auth import Principal
from imi_testkit.apps import bearer, eventually


def headers(user_id: str, authority_id: str, member_state: str, rights: dict) -> dict:
    principal = Principal(
        user_id=user_id,
        username=user_id,
        authority_id=authority_id,
        member_state=member_state,
        user_rights=rights,
    )
    return bearer(principal)


async def test_req_058_a_sent_request_reaches_the_responding_authoritys_list(
    infra, unique, topics, db_name
):
    settings = RequestsSettings(
        kafka_bootstrap=infra.kafka_bootstrap,
        mongo_uri=infra.mongo_uri,
        db_name=db_name,
        topic_prefix=topics.prefix,
    )
    sender = headers("u-fr", f"ca-fr-{unique}", "FR", {"services/requests": ["request_handler"]})
    receiver = headers("u-de", f"ca-de-{unique}", "DE", {"services/requests": ["request_viewer"]})
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://requests") as client:
            body = {
                "la_code": "services",
                "responding_authority_id": f"ca-de-{unique}",
                "responding_member_state": "DE",
                "question_set_code": "qs-services-1",
                "question_codes": ["q1"],
                "send": True,
            }
            created = await client.post("/requests", json=body, headers=sender)
            assert created.status_code == 201, created.text
            request_id = created.json()["request_id"]
            assert created.json()["status"] == "awaiting_acceptance"

            async def incoming():
                answer = await client.get("/requests/incoming", headers=receiver)
                assert answer.status_code == 200, answer.text
                return answer.json()

            rows = await eventually(incoming, timeout=30)
            # the responding side may not read the requester's record: the same 404 as absent
            not_yours = await client.get(f"/requests/{request_id}", headers=receiver)
            absent = await client.get("/requests/req-none", headers=receiver)
            own = await client.get(f"/requests/{request_id}", headers=sender)
    assert [(r["request_id"], r["status"]) for r in rows] == [(request_id, "awaiting_acceptance")]
    assert rows[0]["requesting_member_state"] == "FR"
    assert not_yours.status_code == absent.status_code == 404
    assert not_yours.json()["rule"] == absent.json()["rule"]
    assert own.status_code == 200 and own.json()["version"] == 1
