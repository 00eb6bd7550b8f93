"""Lists, searches, history and printable reports show only what the caller may see
(ALR-077..079, X-010, X-011, X-014, X-025); the inbox list of a state's mailbox."""

from datetime import timedelta

from imi_alerts_testkit import eventually


async def test_alr_077_list_and_search_concern_the_callers_authority(world, api, user):
    mine = await api.broadcast_new(recipients=("DE",), mse="DE", service_activity_code="Q86.90")
    draft = (await api.launch(service_activity_code="Q86.90"))["alert_id"]
    fr_a = user("FR-A", "viewer")
    listed = await api.ok("GET", "/alerts", fr_a, service_activity="Q86.90")
    ids = [row["alert_id"] for row in listed["items"]]
    assert mine in ids and draft in ids
    row = next(r for r in listed["items"] if r["alert_id"] == mine)
    assert set(row) >= {
        "ref_no",
        "service_activity_code",
        "establishment_ms",
        "launching_authority_id",
        "status",
        "broadcast_at",
    }
    only_broadcast = await api.ok(
        "GET", "/alerts", fr_a, service_activity="Q86.90", status="broadcast"
    )
    assert [r["alert_id"] for r in only_broadcast["items"] if r["alert_id"] in (mine, draft)] == [
        mine
    ]
    number = row["ref_no"]
    assert [
        r["alert_id"] for r in (await api.ok("GET", "/alerts", fr_a, number=number))["items"]
    ] == [mine]
    after = (world.clock() + timedelta(days=1)).isoformat()
    assert mine not in [
        r["alert_id"] for r in (await api.ok("GET", "/alerts", fr_a, broadcast_from=after))["items"]
    ]
    # another authority that does not take part sees neither
    others = await api.ok("GET", "/alerts", user("IT-A", "viewer"), service_activity="Q86.90")
    assert {mine, draft}.isdisjoint(r["alert_id"] for r in others["items"])
    # the Commission sees the broadcast one only, without personal data (ALR-079)
    commission = await api.ok(
        "GET", "/alerts", user("EU-COMMISSION", "viewer"), service_activity="Q86.90"
    )
    ids = [r["alert_id"] for r in commission["items"]]
    assert mine in ids and draft not in ids


async def test_alr_078_x_014_the_report_holds_what_the_caller_sees(api, user):
    alert_id = await api.broadcast_new(recipients=("DE",), mse="DE")
    text = await api.request("GET", f"/alerts/{alert_id}/report", user("FR-A", "viewer"))
    assert text.headers["content-type"].startswith("text/plain")
    assert "View: full" in text.text and "Jean Dupont" in text.text
    html = await api.request(
        "GET", f"/alerts/{alert_id}/report", user("FR-A", "viewer"), format="html"
    )
    assert html.headers["content-type"].startswith("text/html") and "<h1>" in html.text
    commission = await api.request(
        "GET", f"/alerts/{alert_id}/report", user("EU-COMMISSION", "viewer")
    )
    assert "View: non_personal" in commission.text and "Jean Dupont" not in commission.text
    history = await api.ok("GET", f"/alerts/{alert_id}/history", user("FR-A", "viewer"))
    assert [h["action"] for h in history][:2] == ["launched", "coordinator_selected"]


async def test_alr_021_broadcast_to_all_states_reaches_every_mailbox(world, api, user):
    alert_id = (await api.launch(recipients=("DE",)))["alert_id"]
    await api.ok("POST", f"/alerts/{alert_id}/submit", user("FR-A", "handler"))
    fwd = user("FR-C", "forwarder")
    await api.ok("POST", f"/alerts/{alert_id}/accept", fwd)
    await api.ok("POST", f"/alerts/{alert_id}/broadcast", fwd, {"recipient_states": "ALL"})
    view = await api.ok("GET", f"/alerts/{alert_id}", user("FR-A"))
    assert len(view["deliveries"]) == 31  # 29 recipient states, FR's own mailbox, the EU

    async def every_copy():
        return await world.db.inbox.count_documents({"alert_id": alert_id, "delivered": True})

    assert await eventually(lambda: _at_least(every_copy, 31), timeout=60)
    listed = await api.ok("GET", "/inbox", user("NO-INBOX", "forwarder"))
    assert alert_id in [c["alert_id"] for c in listed["items"]]


async def _at_least(count, n):
    return await count() >= n


async def test_alr_014_the_checklist_is_published(api, user):
    criteria = await api.http.get("/alerts/checklist")
    assert criteria.status_code == 200 and len(criteria.json()["criteria"]) == 3
