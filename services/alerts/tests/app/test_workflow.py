"""ALR-001: an alert's whole life through the HTTP API of one all-scope deployment, on the real
broker and database: launch and number, submit, accept, broadcast, acknowledgement and
forwarding in each recipient state (back to the sender), additional information, closure with
its periods on the injected clock."""

from imi_alerts_testkit import eventually
from imi_testkit.outbox import outbox_event


def delivered_status(view, ms):
    return view["deliveries"][ms]["status"]


async def test_alr_001_alr_015_alr_021_alr_022_alr_023_launch_to_forwarding(api, user):
    fr_a, fr_fwd = user("FR-A", "handler"), user("FR-C", "forwarder")
    launched = await api.launch(recipients=("DE", "BE"), mse="DE")
    alert_id = launched["alert_id"]
    assert launched["status"] == "draft" and launched["number"].startswith("ALR-FR-")

    submitted = await api.ok("POST", f"/alerts/{alert_id}/submit", fr_a)
    assert submitted["status"] == "submitted_for_broadcast"
    assert (await api.ok("POST", f"/alerts/{alert_id}/accept", fr_fwd))["status"] == (
        "awaiting_broadcast"
    )
    broadcast = await api.ok(
        "POST", f"/alerts/{alert_id}/broadcast", fr_fwd, {"recipient_states": ["IT"]}
    )  # ALR-020: one more state first
    assert broadcast["status"] == "broadcast"

    # ALR-021: every recipient state's mailbox, the launching state's and the Commission's
    for ms in ("DE", "BE", "IT"):
        copy = await api.copy(alert_id, user(f"{ms}-INBOX", "forwarder"))
        assert copy["status"] == "awaiting_acknowledgement" and copy["origin_ms"] == "FR"
        assert copy["personal_data"]["provider"][0]["value"] == "Jean Dupont"
    own = await api.copy(alert_id, user("FR-INBOX", "forwarder"))
    assert own["kind"] == "origin_copy" and own["status"] == "acknowledged"  # ALR-025
    commission = await api.copy(alert_id, user("EU-COMMISSION", "viewer"), "EU")
    assert commission["personal_data"] is None  # ALR-079

    # ALR-022: each mailbox acknowledges; ALR-023: DE forwards within DE
    for ms in ("DE", "BE", "IT"):
        acked = await api.ok(
            "POST", f"/inbox/{alert_id}/acknowledge", user(f"{ms}-INBOX", "forwarder")
        )
        assert acked["status"] == "acknowledged"
    forwarded = await api.ok(
        "POST",
        f"/inbox/{alert_id}/forward",
        user("DE-INBOX", "forwarder"),
        {"authority_ids": ["DE-A", "DE-C"]},
    )
    assert forwarded["status"] == "forwarded"

    # the sender sees every state's status once the acknowledgements came back
    view = await api.alert(
        alert_id,
        fr_a,
        until=lambda v: (
            all(delivered_status(v, ms) == "acknowledged" for ms in ("DE", "BE", "IT"))
            and any(r["authority_id"] == "DE-A" for r in v["recipients"])
        ),
    )
    assert view["deliveries"]["DE"]["first_forwarded_at"] is not None
    # the forwarded authority reads the alert, personal data included
    de_a = await api.copy(
        alert_id, user("DE-A", "viewer"), until=lambda c: c["pending_actions"] == 0
    )
    assert de_a["access"] == "full" and de_a["personal_data"]["attachments"]
    types = [e["event_type"] for e in de_a["events"]]
    assert types[0] == "alert.delivered" and "alert.acknowledged" in types
    assert types.index("alert.acknowledged") < types.index("alert.recipients_changed")


async def test_alr_028_alr_030_alr_064_additional_information_reaches_every_state(api, user):
    alert_id = await api.broadcast_new(recipients=("DE", "BE"), mse="DE")
    for ms in ("DE", "BE"):
        await api.copy(alert_id, user(f"{ms}-INBOX", "forwarder"))
        await api.ok("POST", f"/inbox/{alert_id}/acknowledge", user(f"{ms}-INBOX", "forwarder"))
    await api.ok(
        "POST",
        f"/inbox/{alert_id}/forward",
        user("DE-INBOX", "forwarder"),
        {"authority_ids": ["DE-A"]},
    )
    await api.alert(alert_id, user("DE-A", "handler"))  # DE-A takes part at the origin

    item = await api.ok(
        "POST",
        f"/alerts/{alert_id}/information",
        user("DE-A", "handler"),
        {
            "text": {"text": "The provider was fined", "language": "de"},
            "coordinator_id": "DE-C",
            "attachments": [{"attachment_id": "fine", "filename": "decision.pdf"}],
        },
    )
    assert item["item_id"] == "I1"
    # ALR-029: still inside DE until broadcast
    be = await api.copy(alert_id, user("BE-INBOX", "forwarder"))
    assert be["view"]["items"] == []
    await api.ok("POST", f"/alerts/{alert_id}/information/I1/broadcast", user("DE-C", "forwarder"))
    be = await api.copy(alert_id, user("BE-INBOX", "forwarder"), until=lambda c: c["view"]["items"])
    [shown] = be["view"]["items"]
    assert shown["status"] == "broadcast" and shown["text"]["text"] == "The provider was fined"
    assert shown["attachments"] == [
        {"attachment_id": "fine", "filename": "decision.pdf", "comment_code": None}
    ]


async def test_alr_040_alr_042_alr_044_alr_046_alr_047_closure_with_both_periods(world, api, user):
    alert_id = await api.broadcast_new(recipients=("DE", "BE"), mse="DE")
    for ms in ("DE", "BE"):
        await api.copy(alert_id, user(f"{ms}-INBOX", "forwarder"))
        await api.ok("POST", f"/inbox/{alert_id}/acknowledge", user(f"{ms}-INBOX", "forwarder"))
    await api.ok(
        "POST",
        f"/inbox/{alert_id}/forward",
        user("DE-INBOX", "forwarder"),
        {"authority_ids": ["DE-A", "DE-C"]},
    )
    de_a, de_c, de_fwd = user("DE-A", "handler"), user("DE-C", "handler"), user("DE-C", "forwarder")
    await api.alert(alert_id, de_a)

    await api.ok(
        "POST",
        f"/alerts/{alert_id}/closure",
        de_a,
        {"coordinator_id": "DE-C", "text": {"text": "The provider stopped", "language": "en"}},
    )
    comment = await api.ok(
        "POST",
        f"/alerts/{alert_id}/closure/comments",
        de_c,
        {"text": {"text": "Agreed", "language": "de"}},
    )
    # ALR-042 / ALR-087: the responsible state sees the proposal, the others still `broadcast`
    await api.copy(
        alert_id,
        user("DE-INBOX", "forwarder"),
        until=lambda c: c["alert_status"] == "closure_proposal_open_for_comments",
    )
    be = await api.copy(alert_id, user("BE-INBOX", "forwarder"))
    assert be["alert_status"] == "broadcast" and be["view"]["closure_proposal"] is None

    await world.pass_time(days=15)  # ALR-044 / ALR-068: the period job moves it on
    await api.alert(
        alert_id,
        de_a,
        until=lambda v: v["overview"]["status"] == "closure_proposal_awaiting_broadcast",
    )
    await api.ok(
        "POST",
        f"/alerts/{alert_id}/closure/broadcast",
        de_fwd,
        {"comment_ids": [comment["item_id"]]},
    )
    be = await api.copy(
        alert_id,
        user("BE-INBOX", "forwarder"),
        until=lambda c: c["alert_status"] == "closure_proposal_open_for_objections",
    )
    assert [c["text"]["text"] for c in be["view"]["closure_proposal"]["comments"]] == ["Agreed"]

    be_handler = user("BE-INBOX", "handler")
    objection = await api.ok(
        "POST",
        f"/alerts/{alert_id}/information",
        be_handler,
        {
            "info_type": "objection_to_closure",
            "coordinator_id": "BE-INBOX",
            "text": {"text": "Not yet", "language": "fr"},
        },
    )  # ALR-031 / ALR-070
    await api.ok(
        "POST",
        f"/alerts/{alert_id}/information/{objection['item_id']}/broadcast",
        user("BE-INBOX", "forwarder"),
    )
    early = await api.request("POST", f"/alerts/{alert_id}/closure/close", de_fwd)
    assert early.status_code == 409 and early.json()["rule"] == "ALR-047"  # ALR-088

    await world.pass_time(days=15)  # ALR-046 / ALR-072: the objection period ends
    await api.alert(alert_id, de_a, until=lambda v: v["closure_proposal"]["objection_period_ended"])
    closed = await api.ok("POST", f"/alerts/{alert_id}/closure/close", de_fwd)
    assert closed["status"] == "closed"

    # ALR-048 / X-011: everyone now sees only the reduced view, copies included
    be = await api.copy(
        alert_id, user("BE-INBOX", "forwarder"), until=lambda c: c["status"] == "closed"
    )
    assert be["personal_data"] is None and be["view"]["description"] is None
    assert be["view"]["history"] and be["view"]["recipients"]
    # ALR-048: the recipient list, every state's, not only BE's own (a running copy follows
    # only its own state's recipients: issue 10)
    assert {r["member_state"] for r in be["view"]["recipients"]} - {"BE"}
    report = await api.request("GET", f"/alerts/{alert_id}/report", user("FR-A", "viewer"))
    assert report.status_code == 200 and "View: reduced" in report.text
    assert "Jean Dupont" not in report.text and "Unsafe gas" not in report.text
    events = await eventually(lambda: _closed_event(world, alert_id), what="alert.closed event")
    assert events["notification"] == "N_ALR_CLOSED"


async def _closed_event(world, alert_id):
    row = await outbox_event(
        world.db,
        {
            "topic": world.topics.alerts_events,
            "envelope.aggregate_id": alert_id,
            "envelope.payload.new_status": "closed",
        },
    )
    return row["envelope"]["payload"] if row else None
