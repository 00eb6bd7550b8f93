"""Issue 10, X-009 / X-010: a mailbox listing returns summaries (ids, kind, statuses, subject
code, dates) and unseals nothing; only opening ONE alert unseals its personal data. Counted
through the deployment's own `Sealer`, instrumented for the test (calls for this alert only:
the session's other alerts may still be arriving)."""

from imi_alerts.adapters.inbox_repository import InboxRepository

PD_VALUE = "Jean Dupont"  # the PD-flagged provider field of `imi_alerts_testkit.launch_body`

SUMMARY_KEYS = {
    "alert_id",
    "number",
    "origin_ms",
    "participant",
    "kind",
    "status",
    "alert_status",
    "access",
    "service_activity_code",
    "establishment_ms",
    "broadcast_at",
    "acknowledged_at",
    "pending_actions",
    "updated_at",
}


async def test_issue_10_x_009_listing_a_mailbox_unseals_nothing_opening_one_alert_does(
    world, api, user, monkeypatch
):
    alert_id = await api.broadcast_new(recipients=("DE", "BE"), mse="DE")
    de_inbox = user("DE-INBOX", "forwarder")
    for who, ms in ((de_inbox, "DE"), (user("BE-INBOX", "forwarder"), "BE")):
        await api.copy(alert_id, who, ms)
    await api.copy(alert_id, user("EU-COMMISSION", "viewer"), "EU")
    await api.copy(alert_id, user("FR-INBOX", "forwarder"), "FR")

    sealer = world.ctx.sealer
    real_unseal = sealer.unseal
    unsealed: list[str] = []

    async def counting_unseal(value):
        if value.case_id == alert_id:
            unsealed.append(value.case_id)
        return await real_unseal(value)

    monkeypatch.setattr(sealer, "unseal", counting_unseal)

    listed = await api.ok("GET", "/inbox", de_inbox, participant="DE", limit=200)
    [mine] = [c for c in listed["items"] if c["alert_id"] == alert_id]
    assert unsealed == []  # the listing opened nothing
    assert set(mine) == SUMMARY_KEYS and mine["kind"] == "recipient_ms"
    assert mine["status"] == "awaiting_acknowledgement" and mine["access"] == "full"
    assert PD_VALUE not in str(listed) and "Unsafe" not in str(mine)  # nothing personal

    # the listing's copies are read without their sealed personal data at all
    [listed_copy] = [
        c
        for c in await InboxRepository(world.db).list_for("DE", "DE-INBOX", limit=200, offset=0)
        if c.alert_id == alert_id
    ]
    assert listed_copy.sealed_personal_data is None and listed_copy.view is not None

    opened = await api.ok("GET", f"/inbox/{alert_id}", de_inbox, participant="DE")
    assert len(unsealed) == 1  # one alert opened: its personal data, once
    assert opened["personal_data"] is not None and PD_VALUE in str(opened["personal_data"])
