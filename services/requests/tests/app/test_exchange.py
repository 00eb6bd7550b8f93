"""The exchange routes (§4.5-4.7) and copy (§4.10) on the real servers, through the package's
one requests process: a message with an attachment, a partial then full reply, further
information asked, accepted and answered, closed (REQ-066, REQ-032, REQ-068, REQ-073, REQ-074,
REQ-072, REQ-091); reply approval, a rejection through approval, arbitration through both
coordinators (S3), returned and maintained, closed, then a copy (REQ-067, REQ-069, REQ-126,
REQ-127, REQ-077, REQ-083, REQ-085, REQ-088, REQ-076, REQ-006, REQ-089)."""

from __future__ import annotations

from imi_shared.auth import Principal
from imi_testkit.apps import bearer, eventually
from imi_testkit.directory_events import publish_directory_event
from imi_testkit.directory_events import requests_authority_registered as registered

Q1, Q2 = "SD-GENERAL.Q1", "SD-GENERAL.Q2"


def user(user_id: str, authority_id: str, ms: str, *rights: str) -> dict[str, str]:
    principal = Principal(
        user_id=user_id,
        username=user_id,
        authority_id=authority_id,
        member_state=ms,
        user_rights={"services/requests": rights},
    )
    return bearer(principal)


def body(de: str) -> dict:
    return {
        "la_code": "services",
        "responding_authority_id": de,
        "question_set_code": "SD-GENERAL",
        "questions": [{"code": Q1}, {"code": Q2}],
        "attachments": [{"attachment_id": "att-1", "filename": "d.pdf", "content_ref": "s://1"}],
        "subject": [{"name": "provider_name", "value": "Jean Dupont"}],
        "send": True,
    }


def answer(*codes: str) -> dict:
    return {"answers": [{"question_code": c, "text": {"text": "ja", "lang": "de"}} for c in codes]}


WHY = {"justification": {"text": "which register?", "lang": "en"}}


async def world(infra, requests_app, unique: str, **de_parameters):
    ids = fr, fr_c, de, de_c = tuple(f"{n}-{unique}" for n in ("fr", "fr-c", "de", "de-c"))
    for envelope in (
        registered(fr, "FR", "request_authority", (fr_c,)),
        registered(fr_c, "FR", "request_coordinator"),
        registered(de, "DE", "request_authority", (de_c,), **de_parameters),
        registered(de_c, "DE", "request_coordinator", (), approve_replies=True),
    ):
        await publish_directory_event(infra.kafka_bootstrap, requests_app.topics, envelope)

    async def known() -> bool:
        view = requests_app.db.directory_view
        return await view.count_documents({"_id": {"$in": list(ids)}}) == 4

    await eventually(known, timeout=30, what="the directory read model")
    return ids


async def test_req_091_066_032_073_074_072_message_reply_further_info_close(
    infra, unique, requests_app
):
    fr, _, de, de_c = await world(infra, requests_app, unique)
    sender = user("u-fr", fr, "FR", "request_handler")
    handler = user("u-de", de, "DE", "request_handler")
    http = requests_app.http
    rid = (await http.post("/requests", json=body(de), headers=sender)).json()["request_id"]
    url = f"/requests/{rid}"
    await http.post(f"{url}/accept", json={}, headers=handler)
    coordinator = await http.put(
        f"{url}/responding-coordinator", json={"coordinator_id": de_c}, headers=handler
    )
    note = {
        "text": {"text": "extract attached", "lang": "en"},
        "attachments": [
            {
                "attachment_id": "att-2",
                "filename": "x.pdf",
                "content_ref": "s://2",
                "comment_code": "CERT",
            }
        ],
    }
    message = await http.post(f"{url}/messages", json=note, headers=handler)
    partial = await http.put(f"{url}/reply", json=answer(Q1), headers=handler)
    too_early = await http.post(f"{url}/reply/send", headers=handler)
    await http.put(f"{url}/reply", json=answer(Q2), headers=handler)
    sent = await http.post(f"{url}/reply/send", headers=handler)
    asked = await http.post(
        f"{url}/further-info", json={**WHY, "question_codes": [Q1]}, headers=sender
    )
    accepted = await http.post(f"{url}/further-info/accept", headers=handler)
    await http.put(f"{url}/reply", json=answer(Q1), headers=handler)
    again = await http.post(f"{url}/reply/send", headers=handler)
    closed = await http.post(f"{url}/close", headers=sender)
    assert coordinator.status_code == 200, coordinator.text  # REQ-091
    assert coordinator.json()["responding_coordinator_id"] == de_c
    assert message.status_code == 201, message.text
    assert message.json()["messages"][0]["attachment_ids"] == ["att-2"]
    assert partial.status_code == 200 and partial.json()["answers"][0]["sent_at"] is None
    assert too_early.status_code == 422 and too_early.json()["rule"] == "REQ-032"
    assert sent.json()["status"] == "answered", sent.text
    assert asked.json()["status"] == "further_info_requested"
    assert asked.json()["further_info_rounds"][0]["question_codes"] == [Q1]
    assert accepted.json()["status"] == "further_info_accepted"
    assert again.json()["status"] == "answered"
    assert closed.json()["status"] == "closed" and closed.json()["closed_at"]
    assert len([a for a in closed.json()["answers"] if a["released"]]) == 3


async def test_req_067_069_126_077_083_085_088_076_089_approval_arbitration_copy(
    infra, unique, requests_app
):
    fr, fr_c, de, de_c = await world(infra, requests_app, unique, approval_required=True)
    sender = user("u-fr", fr, "FR", "request_handler")
    handler = user("u-de", de, "DE", "request_handler")
    fr_arbiter = user("a-fr", fr_c, "FR", "arbiter")
    de_arbiter = user("a-de", de_c, "DE", "arbiter")
    http = requests_app.http
    rid = (await http.post("/requests", json=body(de), headers=sender)).json()["request_id"]
    url = f"/requests/{rid}"
    await http.post(f"{url}/accept", json={}, headers=handler)
    await http.put(f"{url}/reply", json=answer(Q1, Q2), headers=handler)
    pending = await http.post(f"{url}/reply/send", headers=handler)
    hidden = await http.get(url, headers=sender)
    approved = await http.post(f"{url}/reply/approve", headers=de_arbiter)
    await http.post(f"{url}/further-info", json=WHY, headers=sender)
    rejection = await http.post(f"{url}/further-info/reject", json=WHY, headers=handler)
    await http.post(f"{url}/reply/approve", headers=de_arbiter)  # REQ-127
    referred = await http.post(f"{url}/arbitration", headers=sender)
    opinion = await http.post(
        f"{url}/opinions", json={"text": {"text": "short", "lang": "fr"}}, headers=fr_arbiter
    )
    onward = await http.post(
        f"{url}/arbitration/decision", json={"satisfactory": False}, headers=fr_arbiter
    )
    returned = await http.post(
        f"{url}/arbitration/decision", json={"satisfactory": False}, headers=de_arbiter
    )
    maintained = await http.post(f"{url}/returned", json={"provide": False}, headers=handler)
    decided = await http.post(f"{url}/close", headers=sender)  # REQ-076 after REQ-088
    copied = await http.post(f"{url}/copy", json={"question_codes": [Q2]}, headers=sender)
    assert pending.json()["status"] == "awaiting_reply_approval", pending.text
    assert hidden.json()["answers"] == [] and hidden.json()["view"] == "full"
    assert approved.json()["status"] == "answered"
    assert rejection.json()["status"] == "awaiting_reply_approval"  # REQ-126
    assert referred.json()["status"] == "arbitration_requesting_coordinator", referred.text
    assert opinion.status_code == 201 and opinion.json()["view"] == "without_pd"
    assert onward.json()["status"] == "arbitration_responding_coordinator"
    assert returned.json()["status"] == "returned_by_arbiter", returned.text
    assert maintained.json()["status"] == "further_info_rejected", maintained.text
    assert decided.json()["status"] == "closed"
    assert copied.status_code == 201, copied.text
    copy = copied.json()
    assert (copy["status"], copy["copied_from_request_id"]) == ("draft", rid)
    assert [q["code"] for q in copy["questions"]] == [Q2] and copy["subject"][0]["value"]
