"""One run on the real local servers for §4.12-§4.14: a notification of individual measures
(urgency procedure) is filled and sent over HTTP (REQ-103, REQ-105); the service's own consumer
of `imi.requests.events` puts it in the responding handler's action list (REQ-023, REQ-092),
the search finds it (REQ-094) and delivers it to the Commission with its +15 days date on the
injected clock (REQ-122, REQ-104); a certified report is generated, listed, downloaded, and
deleted by the periodic job once its 30 days are over (REQ-096, REQ-098, REQ-099, REQ-118)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from imi_requests.domain import derogations as d
from imi_shared.auth import Principal
from imi_testkit.apps import bearer, eventually
from imi_testkit.directory_events import publish_directory_event
from imi_testkit.directory_events import requests_authority_registered as registered

TEXT = {"text": "gas installations put recipients at imminent risk", "lang": "en"}


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


async def test_req_092_req_094_req_122_req_098_lists_derogation_and_report_over_http(
    infra, unique, requests_app
):
    fr, de = f"fr-ca-{unique}", f"de-ca-{unique}"
    sender = user("u-fr", fr, "FR", "request_handler")
    handler = user("u-de", de, "DE", "request_handler")
    stranger = user("u-it", f"it-ca-{unique}", "IT", "request_handler")
    commission = user("c-1", f"eu-derog-{unique}", "EU", "request_handler")
    clock = requests_app.clock  # the package's one process (tests/app/conftest.py)
    clock.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    app, http = requests_app.app, requests_app.http
    body = {
        "la_code": "services",
        "responding_authority_id": de,
        "question_set_code": d.NOTIFICATION,
        "questions": [{"code": f"{d.NOTIFICATION}.Q1"}],
        "subject": [{"name": "provider_name", "value": "Jean Dupont"}],
    }
    part = {
        "set_code": d.NOTIFICATION,
        "confirmed": list(d.NOTIFICATION_CHECKLIST),
        "case_description": TEXT,
        "justification": TEXT,
        "inadequacy": TEXT,
        "procedure": "urgency",
    }
    for envelope in (
        registered(fr, "FR", "request_authority", ()),
        registered(de, "DE", "request_authority", ()),
    ):
        await publish_directory_event(infra.kafka_bootstrap, requests_app.topics, envelope)
    view = requests_app.db.directory_view

    async def directory_known() -> bool:
        return await view.count_documents({"_id": {"$in": [fr, de]}}) == 2

    await eventually(directory_known, timeout=30, what="the directory read model")
    sets = await http.get("/derogations/question-sets", headers=sender)
    created = await http.post("/requests", json=body, headers=sender)
    request_id = created.json()["request_id"]
    unready = await http.post(f"/requests/{request_id}/send", headers=sender)
    filled = await http.put(f"/requests/{request_id}/derogation", json=part, headers=sender)
    sent = await http.post(f"/requests/{request_id}/send", headers=sender)

    async def in_action_list():
        found = (await http.get("/requests/action-list", headers=handler)).json()["items"]
        return [(r["request_id"], r["action"]) for r in found]

    actions = await eventually(in_action_list, timeout=30, what="the action list")

    async def delivered():
        answer = await http.get(f"/requests/{request_id}/derogation", headers=commission)
        return answer.json() if answer.status_code == 200 else None

    derogation = await eventually(delivered, timeout=30, what="the delivery")
    searched = await http.get(
        "/requests/search",
        params={"status": "awaiting_acceptance", "country": "DE", "direction": "outgoing"},
        headers=sender,
    )
    hidden = await http.get("/requests/search", headers=stranger)
    ref_no = created.json()["ref_no"]  # REQ-106: given at the first save
    by_ref = await http.get("/requests/search", params={"ref_no": ref_no}, headers=sender)
    not_a_ref = await http.get("/requests/search", params={"ref_no": "r1"}, headers=sender)
    report = await http.post(
        f"/requests/{request_id}/reports",
        json={"kind": "full_with_pd", "certified": True},
        headers=sender,
    )
    report_id = report.json()["report_id"]
    panel = await http.get("/reports", headers=sender)
    pdf = await http.get(f"/reports/{report_id}", headers=sender)
    clock.advance(timedelta(days=30))
    (job,) = [
        p for p in app.state.runtime.background if getattr(p, "name", "") == "report-deletion"
    ]
    assert await job.tick()
    gone = await http.get(f"/reports/{report_id}", headers=sender)
    left = await app.state.runtime.uow.db.report_files.count_documents({"_id": report_id})
    assert sets.json()["question_sets"] == list(d.DEROGATION_SETS)  # REQ-100
    assert unready.status_code == 422 and unready.json()["rule"] == "REQ-101"
    assert filled.status_code == 200, filled.text
    assert sent.status_code == 200 and sent.json()["status"] == "awaiting_acceptance", sent.text
    assert actions == [(request_id, "accept")]
    assert derogation["procedure"] == "urgency" and derogation["linked_request_ref"] is None
    assert date.fromisoformat(derogation["measures_from"]) == date(2025, 3, 16)  # REQ-117
    assert "subject" not in derogation["request"]  # REQ-103: the Commission reads no PD
    assert [r["request_id"] for r in searched.json()["items"]] == [request_id]
    assert hidden.json()["items"] == []
    assert ref_no.startswith("REQ-FR-2025-") and sent.json()["ref_no"] == ref_no
    assert [(r["request_id"], r["ref_no"]) for r in by_ref.json()["items"]] == [
        (request_id, ref_no)
    ]
    assert not_a_ref.status_code == 422  # REQ-094: a reference number's shape
    assert report.status_code == 201 and report.json()["certified"], report.text
    assert [r["report_id"] for r in panel.json()["items"]] == [report_id]
    assert pdf.headers["content-type"] == "application/pdf" and b"/ByteRange" in pdf.content
    assert gone.status_code == 404 and left == 0
