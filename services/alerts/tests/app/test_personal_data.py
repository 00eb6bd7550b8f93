"""X-011 / ALR-079: the Commission's copy carries no personal data; personal data travels
sealed under the case key, and is unreadable everywhere once that key is shredded."""

import json

import pytest

from imi_alerts_testkit import eventually
from imi_shared.envelope import Envelope
from imi_shared.participants import partition_for
from imi_shared.sealing import KeyShredded, SealedValue

from .conftest import read_topic

PD_VALUE = b"Jean Dupont"


async def records_of(world, topic, alert_id, partitions, event_type=None):
    records = await read_topic(world.settings.kafka_bootstrap, topic, partitions)
    out = []
    for record in records:
        envelope = Envelope.from_bytes(record.value)
        if envelope.aggregate_id == alert_id and (
            event_type is None or envelope.event_type == event_type
        ):
            out.append((record, envelope))
    return out


async def test_alr_079_x_011_the_commission_copy_has_no_personal_data(world, api, user):
    alert_id = await api.broadcast_new(recipients=("DE",), mse="DE")
    commission = user("EU-COMMISSION", "viewer")
    copy = await api.copy(alert_id, commission, "EU")
    assert copy["kind"] == "commission" and copy["access"] == "non_personal"
    assert copy["personal_data"] is None
    overview = copy["view"]["overview"]
    assert all(f["personal_data"] is False for f in overview["provider_non_personal"])
    listed = await api.ok("GET", "/inbox", commission, participant="EU")
    assert alert_id in [c["alert_id"] for c in listed["items"]]
    view = await api.ok("GET", f"/alerts/{alert_id}", commission)
    assert view["access"] == "non_personal" and view["personal_data"] is None
    # on the wire: the Commission's copy never carried it, not even sealed
    [(record, envelope)] = await records_of(
        world, world.topics.alerts_deliveries, alert_id, [partition_for("EU")], "alert.copy_updated"
    )
    assert envelope.payload["sealed_personal_data"] is None and PD_VALUE not in record.value


async def test_x_009_ret_013_personal_data_travels_sealed_and_dies_with_its_key(world, api, user):
    alert_id = await api.broadcast_new(recipients=("DE",), mse="DE")
    de_inbox = user("DE-INBOX", "forwarder")
    assert (await api.copy(alert_id, de_inbox))["personal_data"]["provider"]
    fanned = await records_of(world, world.topics.alerts_fanout, alert_id, [partition_for("FR")])
    copies = await records_of(
        world, world.topics.alerts_deliveries, alert_id, [partition_for("DE")], "alert.copy_updated"
    )
    events = await records_of(world, world.topics.alerts_events, alert_id, [partition_for("FR")])
    assert fanned and copies and events
    for record, _ in fanned + copies + events:
        assert PD_VALUE not in record.value
    sealed = SealedValue.model_validate(copies[0][1].payload["sealed_personal_data"])
    assert sealed.case_id == alert_id
    assert (await world.ctx.sealer.unseal(sealed))["provider"][0]["value"] == "Jean Dupont"

    assert await world.ctx.sealer.shred(alert_id)  # RET-015 early deletion
    with pytest.raises(KeyShredded):
        await world.ctx.sealer.unseal(sealed)
    copy = await api.copy(alert_id, de_inbox)
    assert copy["personal_data"] is None and copy["personal_data_deleted"] is True
    assert "Jean Dupont" not in json.dumps(copy)


async def test_ret_013_after_shredding_later_copies_carry_no_personal_data(world, api, user):
    alert_id = await api.broadcast_new(recipients=("DE",), mse="DE")
    de_inbox = user("DE-INBOX", "forwarder")
    await api.copy(alert_id, de_inbox)
    await world.ctx.sealer.shred(alert_id)
    await api.ok("POST", f"/inbox/{alert_id}/acknowledge", de_inbox)
    copy = await api.copy(alert_id, de_inbox, until=lambda c: c["pending_actions"] == 0)
    stored = await eventually(
        lambda: world.db.inbox.find_one(
            {"_id": f"{alert_id}:DE", "copy.sealed_personal_data": None}
        ),
        what="unsealed copy",
    )
    assert stored and copy["personal_data"] is None
