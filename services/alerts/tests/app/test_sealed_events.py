"""Issue 9 item 7, X-009 / RET-004 / X-051: `imi.alerts.events` (read by retention, the
directory, the notifier) carries no alert free text in clear. The event types that held some
are 2.0: their texts travel in `sealed_texts`, under the case key, and die with it."""

import pytest

from imi_alerts.adapters.event_messages import SEALED
from imi_alerts_testkit import eventually
from imi_shared.envelope import Envelope
from imi_shared.sealing import KeyShredded, SealedValue
from imi_testkit.raw_topics import read_raw

from .test_sealed_fanout import CONTENT, raw_of

JUSTIFICATION = "Referred to the Paris desk for the gas cases"
INFO_TEXT = "Measures taken in Bavaria against the installer"


async def test_x_009_ret_004_raw_alert_events_hold_no_alert_text(world, api, user):
    fr_a, fr_c = user("FR-A", "handler"), user("FR-C", "forwarder")
    fr_inbox = user("FR-INBOX", "forwarder")
    alert_id = (await api.launch(recipients=("DE", "BE"), mse="DE"))["alert_id"]
    await api.ok("POST", f"/alerts/{alert_id}/submit", fr_a)
    body = {"coordinator_id": "FR-INBOX", "justification": JUSTIFICATION}
    await api.ok("POST", f"/alerts/{alert_id}/forward", fr_c, body)
    await api.ok("POST", f"/alerts/{alert_id}/accept", fr_inbox)
    await api.ok("POST", f"/alerts/{alert_id}/broadcast", fr_inbox)
    de_inbox = user("DE-INBOX", "forwarder")
    await api.copy(alert_id, de_inbox)
    await api.ok("POST", f"/inbox/{alert_id}/acknowledge", de_inbox)
    await api.ok("POST", f"/inbox/{alert_id}/forward", de_inbox, {"authority_ids": ["DE-A"]})
    await api.alert(alert_id, user("DE-A", "handler"))
    info = {"text": {"text": INFO_TEXT, "language": "en"}, "coordinator_id": "DE-C"}
    await api.ok("POST", f"/alerts/{alert_id}/information", user("DE-A", "handler"), info)

    sealed_types = {
        "alert.delivered",
        "alert.forwarded_to_coordinator",
        "alert.item_status_changed",
        "alert.status_changed",
    }
    events = await raw_of(world, world.topics.alerts_events, alert_id, sealed_types)
    for record, envelope in events:
        for value in (*CONTENT, JUSTIFICATION.encode(), INFO_TEXT.encode()):
            assert value not in record.value, (envelope.event_type, value)
        if envelope.event_type in SEALED:
            assert envelope.schema_version == "2.0", envelope.event_type
        assert "personal_data" not in envelope.payload or envelope.payload["personal_data"] is None

    # what the seals hold: the texts, under the alert's case key
    opened, sealed = {}, None
    for _, envelope in events:
        if envelope.payload.get("sealed_texts"):
            sealed = SealedValue.model_validate(envelope.payload["sealed_texts"])
            assert sealed.case_id == alert_id
            opened.setdefault(envelope.event_type, []).append(await world.ctx.sealer.unseal(sealed))
    assert [o["justification"] for o in opened["alert.forwarded_to_coordinator"]] == [JUSTIFICATION]
    overviews = [o["overview"] for o in opened["alert.delivered"]]
    assert overviews and all(o["description"]["text"].startswith("Unsafe gas") for o in overviews)
    assert INFO_TEXT in [o["text"]["text"] for o in opened["alert.item_status_changed"]]

    assert await world.ctx.sealer.shred(alert_id)  # RET-015: every seal on the topic dies
    assert sealed is not None
    with pytest.raises(KeyShredded):
        await world.ctx.sealer.unseal(sealed)


async def test_ret_013_after_shredding_alert_events_carry_no_texts(world, api, user):
    alert_id = await api.broadcast_new(recipients=("DE",), mse="DE")
    await api.copy(alert_id, user("DE-INBOX", "forwarder"))
    assert await world.ctx.sealer.shred(alert_id)
    body = {"member_state": "BE"}  # ALR-061: a new recipient state, a new alert.delivered
    await api.ok("POST", f"/alerts/{alert_id}/recipient-states", user("FR-C", "forwarder"), body)

    async def delivered_to_be():
        records = await read_raw(
            world.settings.kafka_bootstrap, world.topics.alerts_events, quiet_seconds=0.5
        )
        for record in records:
            envelope = Envelope.from_bytes(record.value)
            if (
                envelope.aggregate_id == alert_id
                and envelope.event_type == "alert.delivered"
                and envelope.payload["recipient"] == "BE"
            ):
                return record, envelope
        return None

    record, envelope = await eventually(delivered_to_be, timeout=30, what="BE's alert.delivered")
    assert envelope.payload["sealed_texts"] is None
    assert all(value not in record.value for value in CONTENT)
