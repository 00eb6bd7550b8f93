"""After the broadcast: removing recipients, adding a state, changing the state of
establishment, withdrawing (ALR-026, ALR-033, ALR-036..038, ALR-061, ALR-086, ALR-089)."""


async def acknowledged(api, user, alert_id, *states):
    for ms in states:
        inbox = user(f"{ms}-INBOX", "forwarder")
        await api.copy(alert_id, inbox)
        await api.ok("POST", f"/inbox/{alert_id}/acknowledge", inbox)


async def test_alr_026_alr_060_alr_086_a_mailbox_removes_a_recipient_that_has_not_acted(api, user):
    alert_id = await api.broadcast_new(recipients=("DE",), mse="DE")
    await acknowledged(api, user, alert_id, "DE")
    de_inbox = user("DE-INBOX", "forwarder")
    await api.ok(
        "POST", f"/inbox/{alert_id}/forward", de_inbox, {"authority_ids": ["DE-A", "DE-A2"]}
    )
    await api.alert(alert_id, user("DE-A", "handler"))
    await api.ok(
        "POST",
        f"/alerts/{alert_id}/information",
        user("DE-A", "handler"),
        {"text": {"text": "Measures taken", "language": "de"}, "coordinator_id": "DE-C"},
    )
    # ALR-086: DE-A has acted (its copy learns it from the origin), DE-A2 has not
    await api.copy(
        alert_id,
        de_inbox,
        until=lambda c: any(
            r["authority_id"] == "DE-A" and r["has_acted"] for r in c["view"]["recipients"]
        ),
    )
    acted = await api.request("DELETE", f"/inbox/{alert_id}/recipients/DE-A", de_inbox)
    assert acted.status_code == 409 and acted.json()["rule"] == "ALR-026"
    not_inbox = await api.request(
        "DELETE", f"/inbox/{alert_id}/recipients/DE-A2", user("DE-C", "forwarder")
    )
    assert (
        not_inbox.status_code == 404 and not_inbox.json()["rule"] == "X-010"
    )  # not yours reads as absent
    await api.ok("DELETE", f"/inbox/{alert_id}/recipients/DE-A2", de_inbox)

    # the removed recipient keeps only the reduced view as it was (ALR-026, X-011)
    removed = await api.copy(alert_id, user("DE-A2", "viewer"))
    assert removed["status"] == "removed" and removed["access"] == "removed"
    assert removed["personal_data"] is None and removed["view"]["description"] is None
    await api.alert(
        alert_id,
        user("FR-A"),
        until=lambda v: any(
            r["authority_id"] == "DE-A2" and r["removed_at"] for r in v["recipients"]
        ),
    )
    assert (await api.ok("GET", f"/alerts/{alert_id}", user("DE-A2", "viewer")))[
        "access"
    ] == "removed"


async def test_alr_061_alr_033_a_state_added_after_broadcast_receives_the_alert(api, user):
    alert_id = await api.broadcast_new(recipients=("DE",), mse="DE")
    await api.ok(
        "POST",
        f"/alerts/{alert_id}/recipient-states",
        user("FR-C", "forwarder"),
        {"member_state": "IT"},
    )
    it = await api.copy(alert_id, user("IT-INBOX", "forwarder"))
    assert it["status"] == "awaiting_acknowledgement" and it["personal_data"]
    de = await api.copy(
        alert_id,
        user("DE-INBOX", "forwarder"),
        until=lambda c: "IT" in c["view"]["overview"]["recipient_ms"],
    )
    assert de["events"][-1]["event_type"] == "alert.recipients_changed"


async def test_alr_033_alr_035_alr_089_changing_the_state_of_establishment(api, user):
    alert_id = await api.broadcast_new(recipients=("DE", "BE"), mse="DE")
    fr_fwd = user("FR-C", "forwarder")
    await api.ok("POST", f"/alerts/{alert_id}/establishment", fr_fwd, {"establishment_ms": "BE"})
    de = await api.copy(
        alert_id,
        user("DE-INBOX", "forwarder"),
        until=lambda c: c["view"]["overview"]["establishment_ms"] == "BE",
    )
    assert de["events"][-1]["event_type"] == "alert.content_changed"
    not_fwd = await api.request(
        "POST",
        f"/alerts/{alert_id}/establishment",
        user("FR-A", "handler"),
        {"establishment_ms": "DE"},
    )
    assert not_fwd.status_code == 403 and not_fwd.json()["rule"] == "ALR-033"
    # ALR-089: not while a closure proposal is pending
    await acknowledged(api, user, alert_id, "BE")
    await api.ok(
        "POST",
        f"/inbox/{alert_id}/forward",
        user("BE-INBOX", "forwarder"),
        {"authority_ids": ["BE-A"]},
    )
    await api.alert(alert_id, user("BE-A", "handler"))
    await api.ok(
        "POST",
        f"/alerts/{alert_id}/closure",
        user("BE-A", "handler"),
        {"coordinator_id": "BE-C", "text": {"text": "Over", "language": "fr"}},
    )
    pending = await api.request(
        "POST", f"/alerts/{alert_id}/establishment", fr_fwd, {"establishment_ms": "DE"}
    )
    assert pending.status_code == 409 and pending.json()["rule"] == "ALR-033"


async def test_alr_036_alr_037_alr_038_withdrawal_in_two_steps(api, user):
    alert_id = await api.broadcast_new(recipients=("DE",), mse="DE")
    fr_a, fr_fwd = user("FR-A", "handler"), user("FR-C", "forwarder")
    no_reason = await api.request(
        "POST", f"/alerts/{alert_id}/withdrawal", fr_a, {"justification": " "}
    )
    assert no_reason.status_code == 422 and no_reason.json()["rule"] == "X-026"
    await api.ok(
        "POST", f"/alerts/{alert_id}/withdrawal", fr_a, {"justification": "The evidence was wrong"}
    )
    # ALR-005: cancelled before its broadcast, the alert is back to `broadcast`
    assert (await api.ok("DELETE", f"/alerts/{alert_id}/withdrawal", fr_a))["status"] == (
        "broadcast"
    )
    await api.ok(
        "POST", f"/alerts/{alert_id}/withdrawal", fr_a, {"justification": "The evidence was wrong"}
    )
    de = await api.copy(
        alert_id,
        user("DE-INBOX", "forwarder"),
        until=lambda c: c["alert_status"] == "withdrawal_awaiting_broadcast",
    )
    assert de["view"]["withdrawal"] is None  # ALR-037: the reason stays in FR until broadcast
    not_fwd = await api.request("POST", f"/alerts/{alert_id}/withdrawal/broadcast", fr_a)
    assert not_fwd.status_code == 403 and not_fwd.json()["rule"] == "ALR-037"
    assert (await api.ok("POST", f"/alerts/{alert_id}/withdrawal/broadcast", fr_fwd))[
        "status"
    ] == "withdrawn"
    de = await api.copy(
        alert_id, user("DE-INBOX", "forwarder"), until=lambda c: c["status"] == "withdrawn"
    )
    assert de["personal_data"] is None and de["access"] == "reduced"  # ALR-038
    late = await api.request(
        "POST",
        f"/alerts/{alert_id}/information",
        user("FR-A", "handler"),
        {"text": {"text": "More", "language": "fr"}, "coordinator_id": "FR-C"},
    )
    assert late.status_code == 409 and late.json()["rule"] == "ALR-028"


async def test_alr_036_alr_050_before_broadcast_an_alert_is_deleted(api, user):
    alert_id = (await api.launch())["alert_id"]
    fr_a = user("FR-A", "handler")
    edited = await api.ok("PATCH", f"/alerts/{alert_id}", fr_a, {"service_activity_code": "N81"})
    assert edited["status"] == "draft"
    assert (await api.ok("DELETE", f"/alerts/{alert_id}", fr_a))["status"] == "deleted"
    gone = await api.request("GET", f"/alerts/{alert_id}", fr_a)
    assert (
        gone.status_code == 404 and gone.json()["rule"] == "X-010"
    )  # not yours reads as absent


async def test_alr_024_alr_025_further_recipients_in_the_launching_and_a_recipient_state(api, user):
    alert_id = await api.broadcast_new(recipients=("DE",), mse="DE")
    # ALR-025: the launching state's mailbox forwards in its own state (no acknowledgement)
    await api.copy(alert_id, user("FR-INBOX", "forwarder"))
    await api.ok(
        "POST",
        f"/inbox/{alert_id}/forward",
        user("FR-INBOX", "forwarder"),
        {"authority_ids": ["FR-A2"]},
    )
    # ALR-024: a coordinator chosen as recipient adds further recipients of its state
    await acknowledged(api, user, alert_id, "DE")
    await api.ok(
        "POST",
        f"/inbox/{alert_id}/forward",
        user("DE-INBOX", "forwarder"),
        {"authority_ids": ["DE-C"]},
    )
    await api.copy(alert_id, user("DE-C", "forwarder"))
    await api.ok(
        "POST",
        f"/inbox/{alert_id}/forward",
        user("DE-C", "forwarder"),
        {"authority_ids": ["DE-A2"]},
    )
    not_chosen = await api.request(
        "POST",
        f"/inbox/{alert_id}/forward",
        user("DE-CFA", "forwarder"),
        {"authority_ids": ["DE-A"]},
    )
    assert (
        not_chosen.status_code == 404 and not_chosen.json()["rule"] == "X-010"
    )  # not yours reads as absent
    view = await api.alert(
        alert_id,
        user("FR-A"),
        until=lambda v: {"FR-A2", "DE-A2"} <= {r["authority_id"] for r in v["recipients"]},
    )
    assert view["deliveries"]["FR"]["kind"] == "origin_copy"
    assert (await api.copy(alert_id, user("DE-A2", "viewer")))["access"] == "full"
