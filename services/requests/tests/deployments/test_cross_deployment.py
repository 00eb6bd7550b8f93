"""X-001, X-011 and the issue's cross-deployment case on real processes: France, Germany and
the central deployment (every other participant) each run their own requests process, database
and keys, and read only their own states' partitions. A request created in FR reaches DE's own
database and API, is forwarded and accepted in DE, answered there, asked for further
information and answered again, and closed in FR; every transition travels as an event on the
other state's partition, in order (the replica's revision counts the owner's changes once
each), its content sealed under the request's key (DE unseals with the key share FR wrapped
for it). The central deployment holds nothing of it."""

from __future__ import annotations

from imi_shared.auth import Principal
from imi_testkit.apps import bearer, eventually
from imi_testkit.directory_events import publish_directory_event
from imi_testkit.directory_events import requests_authority_registered as registered
from imi_testkit.raw_topics import read_raw

Q1, Q2 = "SD-GENERAL.Q1", "SD-GENERAL.Q2"
WHY = {"justification": {"text": "Quel registre exactement ?", "lang": "fr"}}
DEROGATION = "SD-DEROGATION-REQUEST"
CASE = {"text": "Installations dangereuses à Lyon", "lang": "fr"}


def user(user_id: str, authority_id: str, ms: str) -> dict[str, str]:
    principal = Principal(
        user_id=user_id,
        username=user_id,
        authority_id=authority_id,
        member_state=ms,
        user_rights={"services/requests": ("request_handler",)},
    )
    return bearer(principal)


def ok(response):
    """A command's answer (at a replica: the state it would give, then relayed)."""
    assert response.status_code in (200, 201, 202), f"{response.request.url.path}: {response.text}"
    return response.json()


def answers(*codes: str) -> dict:
    return {"answers": [{"question_code": c, "text": {"text": "Ja", "lang": "de"}} for c in codes]}


async def test_x_001_a_request_fr_to_de_across_three_deployments(
    infra, topics, unique, deployments, mongo_client
):
    fr, fr_c, de, de_c, de2 = (f"{n}-{unique}" for n in ("fr", "fr-c", "de", "de-c", "de2"))
    running = await deployments(fr="FR", de="DE", central="ALL,-FR,-DE")
    for envelope in (
        registered(fr, "FR", "request_authority", (fr_c,)),
        registered(fr_c, "FR", "request_coordinator"),
        registered(de, "DE", "request_authority", (de_c,)),
        registered(de2, "DE", "request_authority", (de_c,)),
        registered(de_c, "DE", "request_coordinator"),
    ):
        await publish_directory_event(infra.kafka_bootstrap, topics, envelope)
    for dep in running.values():

        async def known(dep=dep) -> bool:
            view = mongo_client[dep.db_name].directory_view
            return await view.count_documents({"_id": {"$in": [fr, fr_c, de, de_c, de2]}}) == 5

        await eventually(known, timeout=30, what=f"{dep.name} learns the authorities")
    fr_api, de_api = running["fr"].http, running["de"].http
    sender, handler, handler2 = (
        user("u-fr", fr, "FR"),
        user("u-de", de, "DE"),
        user("u-de2", de2, "DE"),
    )
    body = {
        "la_code": "services",
        "responding_authority_id": de,
        "question_set_code": "SD-GENERAL",
        "questions": [{"code": Q1}, {"code": Q2}],
        "subject": [{"name": "provider_name", "value": "Jean Dupont"}],
        "send": True,
    }
    created = await fr_api.post("/requests", json=body, headers=sender)
    assert created.status_code == 201, created.text
    url = f"/requests/{created.json()['request_id']}"
    derogation = {  # §4.14: step 1, its checklist and texts (REQ-101), sent to DE
        **body,
        "question_set_code": DEROGATION,
        "questions": [{"code": f"{DEROGATION}.Q1"}],
        "send": False,
    }
    step1 = ok(await fr_api.post("/requests", json=derogation, headers=sender))
    step1_url = f"/requests/{step1['request_id']}"
    part = {
        "set_code": DEROGATION,
        "confirmed": [f"{DEROGATION}.C{n}" for n in range(1, 11)],
        "case_description": CASE,
        "justification": CASE,
    }
    ok(await fr_api.put(f"{step1_url}/derogation", json=part, headers=sender))
    ok(await fr_api.post(f"{step1_url}/send", headers=sender))

    async def reaches(api, headers, status: str, check=lambda view: True):
        async def seen():
            got = await api.get(url, headers=headers)
            return (
                got.json()
                if got.status_code == 200 and got.json()["status"] == status and check(got.json())
                else None
            )

        return await eventually(seen, timeout=30, what=f"{url} {status}")

    incoming = await reaches(de_api, handler, "awaiting_acceptance")

    async def derogation_part(check=lambda part: True):
        got = await de_api.get(f"{step1_url}/derogation", headers=handler)
        return got.json() if got.status_code == 200 and check(got.json()) else None

    relayed_part = await eventually(derogation_part, timeout=30, what="DE's derogation part")
    step1_accept = await de_api.post(f"{step1_url}/accept", json={}, headers=handler)
    await eventually(
        lambda: derogation_part(lambda p: p["request"]["status"] == "accepted"),
        timeout=30,
        what="step 1 accepted",
    )
    measures = {"measures": "planned", "justification": CASE}  # REQ-102, stated in DE
    stated = await de_api.post(f"{step1_url}/derogation/measures", json=measures, headers=handler)
    planned = await eventually(
        lambda: derogation_part(lambda p: p["measures"] == "planned"),
        timeout=30,
        what="the measures back from FR",
    )
    forwarded = await de_api.post(
        f"{url}/forward", json={**WHY, "target_authority_id": de2}, headers=handler
    )
    await reaches(
        fr_api, sender, "awaiting_acceptance", lambda v: v["responding_authority_id"] == de2
    )
    await reaches(de_api, handler2, "awaiting_acceptance", lambda v: v["view"] == "without_pd")
    relayed = await de_api.post(f"{url}/accept", json={}, headers=handler2)
    assert relayed.status_code == 202, relayed.text  # checked on DE's replica, then relayed
    accepted = await reaches(de_api, handler2, "accepted")
    ok(await de_api.put(f"{url}/reply", json=answers(Q1, Q2), headers=handler2))
    await reaches(de_api, handler2, "accepted", lambda v: len(v["answers"]) == 2)
    ok(await de_api.post(f"{url}/reply/send", headers=handler2))
    answered = await reaches(fr_api, sender, "answered")
    ok(
        await fr_api.post(
            f"{url}/further-info", json={**WHY, "question_codes": [Q1]}, headers=sender
        )
    )
    await reaches(de_api, handler2, "further_info_requested")
    ok(await de_api.post(f"{url}/further-info/accept", headers=handler2))
    await reaches(de_api, handler2, "further_info_accepted")
    ok(await de_api.put(f"{url}/reply", json=answers(Q1), headers=handler2))
    await reaches(de_api, handler2, "further_info_accepted", lambda v: len(v["answers"]) == 3)
    ok(await de_api.post(f"{url}/reply/send", headers=handler2))
    await reaches(fr_api, sender, "answered", lambda v: v["further_info_round"] == 1)
    closed = await fr_api.post(f"{url}/close", headers=sender)
    final = await reaches(de_api, handler2, "closed")
    owner = await mongo_client[running["fr"].db_name].requests.find_one(
        {"_id": final["request_id"]}
    )
    replica = await mongo_client[running["de"].db_name].requests.find_one(
        {"_id": final["request_id"]}
    )
    central_db = mongo_client[running["central"].db_name]
    central = await central_db.requests.count_documents({})
    central += await central_db.derogations.count_documents({})
    assert incoming["view"] == "without_pd" and incoming["subject"] == []  # REQ-024
    assert incoming["ref_no"] == created.json()["ref_no"] == final["ref_no"]  # REQ-106
    assert replica["ref_no"] == owner["ref_no"] and owner["ref_no"].startswith("REQ-FR-")
    assert relayed_part["request"]["ref_no"] == step1["ref_no"] != owner["ref_no"]
    assert (step1_accept.status_code, stated.status_code) == (202, 202)  # relayed
    assert planned["measures_justification"] == CASE
    assert (
        relayed_part["confirmed"] == sorted(part["confirmed"])
        and relayed_part["case_description"] == CASE
    )
    assert forwarded.status_code == 202, forwarded.text  # relayed to FR
    assert accepted["view"] == "full" and accepted["subject"][0]["value"] == "Jean Dupont"
    assert [a["question_code"] for a in answered["answers"]] == [Q1, Q2]
    assert closed.json()["status"] == "closed"
    assert replica["replica_from"] == "FR" and owner.get("replica_from") is None
    assert replica["revision"] == owner["revision"] and replica["history"] == owner["history"]
    assert [h["rule"] for h in owner["history"]][-3:] == ["REQ-074", "REQ-068", "REQ-072"]
    assert central == 0  # not its states
    records = await read_raw(infra.kafka_bootstrap, topics.requests_events, quiet_seconds=1)
    raw = b"".join((r.value or b"") + (r.key or b"") for r in records)
    kinds = {b"request.replicated", b"request.command_relayed"}
    assert all(kind in raw for kind in kinds), "the relay went over the bus"
    for text in ("Jean Dupont", WHY["justification"]["text"], "Ja", CASE["text"]):
        assert f'"{text}"'.encode() not in raw, text
