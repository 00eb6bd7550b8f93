"""The chaos client's replay confirmation (tests/alerts/retrying.py), without a crash to wait for:
an HTTP stand-in for the alerts process loses the answer of a command it applied, then refuses
the repeat as a replay. The retry client must answer with the command's own body (AlertRef for
an alert command, the copy for an inbox command) made from the confirming read, or let the
refusal stand when the read does not show the effect (CI of stop 22: a confirmed `broadcast`
replay returned the alert's read, whose `status` is under `overview`)."""

from __future__ import annotations

from types import SimpleNamespace

import httpx
from retrying import Steady

ALERT = {
    "alert_id": "a1",
    "overview": {"ref_no": "ALR-FR-2026-7", "status": "broadcast"},
    "items": [],
}


def _process(applied_status: str) -> tuple[httpx.AsyncClient, list[str]]:
    """The first POST is applied but unanswered; its repeat is refused 409 (ALR-057)."""
    calls: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(f"{request.method} {request.url.path}")
        if request.method == "GET" and request.url.path == "/alerts/a1":
            body = {**ALERT, "overview": {**ALERT["overview"], "status": applied_status}}
            return httpx.Response(200, json=body)
        if request.method == "GET" and request.url.path == "/inbox/a1":
            return httpx.Response(200, json={"alert_id": "a1", "status": "acknowledged"})
        if calls.count(f"POST {request.url.path}") == 1:
            raise httpx.ReadError("the process died before answering", request=request)
        return httpx.Response(409, json={"rule": "ALR-057", "field": "status"})

    client = httpx.AsyncClient(transport=httpx.MockTransport(handle), base_url="http://alerts")
    return client, calls


async def test_a_confirmed_alert_command_replay_answers_its_alert_ref():
    client, calls = _process("broadcast")
    api = Steady(SimpleNamespace(client=client, name="central"), interval=0.01)
    answer = await api.post("/alerts/a1/broadcast", "token")
    assert answer.status_code == 200
    assert answer.json() == {"alert_id": "a1", "number": "ALR-FR-2026-7", "status": "broadcast"}
    assert api.seen["replays_confirmed"] == 1 and api.seen["unanswered"] == 1
    assert calls == ["POST /alerts/a1/broadcast", "POST /alerts/a1/broadcast", "GET /alerts/a1"]


async def test_a_confirmed_inbox_command_replay_answers_the_copy():
    client, _ = _process("broadcast")
    api = Steady(SimpleNamespace(client=client, name="central"), interval=0.01)
    answer = await api.post("/inbox/a1/acknowledge", "token")
    assert answer.status_code == 200 and answer.json()["status"] == "acknowledged"


async def test_a_replay_whose_effect_is_not_read_keeps_its_refusal():
    client, _ = _process("awaiting_broadcast")  # the first attempt did not broadcast
    api = Steady(
        SimpleNamespace(client=client, name="central"), interval=0.01, confirm_timeout=0.05
    )
    answer = await api.post("/alerts/a1/broadcast", "token")
    assert answer.status_code == 409 and answer.json()["rule"] == "ALR-057"
    assert api.seen["replays_refused"] == 1 and api.seen["replays_confirmed"] == 0
