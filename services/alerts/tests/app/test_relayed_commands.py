"""Commands of a state served by its own deployment on an alert held by another (X-001,
ALR-080): France and Germany each run their own deployment, the central one serves the others
(Belgium, the Commission). A German user acts on Germany's deployment; the command is relayed
to France's as `alert.command_relayed`, applied there by the domain, and answered on Germany's
copy (confirmed, or refused naming the rule)."""

from contextlib import AsyncExitStack

import pytest
from aiokafka import AIOKafkaProducer

from imi_alerts_testkit import eventually, seed_directory, standard_authorities
from imi_shared.envelope import Envelope
from imi_shared.participants import partition_for
from imi_shared.sealing import SealedValue
from imi_testkit.raw_topics import read_raw

from .conftest import directory_known, fresh_topics, read_topic, running, wall_clock

TEXT = {"text": "Measures taken in Bavaria", "language": "de"}


@pytest.fixture(scope="module")
async def states(infra):
    topics = await fresh_topics(infra)
    authorities = standard_authorities(("FR", "DE", "BE"))
    await seed_directory(infra.kafka_bootstrap, topics, authorities)
    clock = wall_clock()  # one clock: the closure periods pass for every deployment at once
    async with AsyncExitStack() as stack:
        france = await stack.enter_async_context(
            running(infra, topics, clock, member_states="FR", fanout_worker=False)
        )
        germany = await stack.enter_async_context(
            running(infra, topics, clock, member_states="DE", fanout_worker=False)
        )
        central = await stack.enter_async_context(
            running(infra, topics, clock, member_states="ALL,-FR,-DE")
        )
        for deployment in (france, germany, central):
            await directory_known(deployment, [a.authority_id for a in authorities])
        yield france, germany, central


async def taking_part(deployment, user, alert_id, ms, *authority_ids):
    """`ms`'s mailbox acknowledges the alert and forwards it to `authority_ids`."""
    inbox = user(f"{ms}-INBOX", "forwarder")
    await deployment.api.copy(alert_id, inbox)
    await deployment.api.ok("POST", f"/inbox/{alert_id}/acknowledge", inbox)
    await deployment.api.ok(
        "POST", f"/inbox/{alert_id}/forward", inbox, {"authority_ids": list(authority_ids)}
    )
    await settled(deployment, user, alert_id, ms)


async def settled(deployment, user, alert_id, ms, until=lambda c: True):
    """`ms`'s copy once the origin answered every pending action (and `until` holds)."""
    return await deployment.api.copy(
        alert_id,
        user(f"{ms}-INBOX", "forwarder"),
        until=lambda c: c["pending_actions"] == 0 and until(c),
    )


async def relayed(deployment, method, path, who, body=None) -> str:
    response = await deployment.api.request(method, path, who, body)
    assert response.status_code == 202, response.text
    answer = response.json()
    assert answer["status"] == "relayed" and answer["action_id"]
    return answer["action_id"]


async def test_alr_028_alr_063_alr_064_x_001_information_is_relayed_to_the_origin(states, user):
    france, germany, central = states
    alert_id = await france.api.broadcast_new(recipients=("DE", "BE"), mse="DE")
    await taking_part(germany, user, alert_id, "DE", "DE-A")

    await relayed(
        germany,
        "POST",
        f"/alerts/{alert_id}/information",
        user("DE-A", "handler"),
        {"text": TEXT, "coordinator_id": "DE-C"},
    )
    de = await settled(germany, user, alert_id, "DE", until=lambda c: c["view"]["items"])
    item = de["view"]["items"][0]
    assert item["status"] == "submitted" and item["author_ms"] == "DE"
    assert de["rejected_actions"] == []
    ref = item["item_id"].rsplit("/", 1)[-1]

    # ALR-064: a forwarder of the coordinator it was submitted to broadcasts it
    await relayed(
        germany,
        "POST",
        f"/alerts/{alert_id}/information/{ref}/broadcast",
        user("DE-C", "forwarder"),
    )
    broadcast = lambda items: [i["status"] for i in items] == ["broadcast"]  # noqa: E731
    await france.api.alert(alert_id, user("FR-A"), until=lambda v: broadcast(v["items"]))
    await france.api.copy(
        alert_id, user("FR-INBOX", "forwarder"), until=lambda c: broadcast(c["view"]["items"])
    )
    await central.api.copy(
        alert_id, user("EU-COMMISSION", "viewer"), until=lambda c: broadcast(c["view"]["items"])
    )
    await central.api.copy(
        alert_id, user("BE-INBOX", "forwarder"), until=lambda c: broadcast(c["view"]["items"])
    )
    await settled(germany, user, alert_id, "DE", until=lambda c: broadcast(c["view"]["items"]))
    assert await germany.db.alerts.count_documents({"_id": alert_id}) == 0


async def test_alr_029_alr_063_x_001_a_refused_relayed_command_is_a_rejected_action(states, user):
    france, germany, _ = states
    alert_id = await france.api.broadcast_new(recipients=("DE", "BE"), mse="DE")
    await taking_part(germany, user, alert_id, "DE", "DE-A")

    # checked at the origin: information needs the handler or forwarder right (ALR-029)
    action_id = await relayed(
        germany,
        "POST",
        f"/alerts/{alert_id}/information",
        user("DE-A", "viewer"),
        {"text": TEXT, "coordinator_id": "DE-C"},
    )
    de = await settled(germany, user, alert_id, "DE", until=lambda c: c["rejected_actions"])
    assert de["rejected_actions"] == [
        {
            "action_id": action_id,
            "rule": "ALR-029",
            "error": de["rejected_actions"][0]["error"],
            "command": "submit_information",
        }
    ]
    assert de["view"]["items"] == []
    stored = await france.db.alerts.find_one({"_id": alert_id})
    assert stored["state"]["items"] == []

    # checked where the command is taken: the coordinator named (ALR-029), the copy (ALR-080)
    unknown = await germany.api.request(
        "POST",
        f"/alerts/{alert_id}/information",
        user("DE-A", "handler"),
        {"text": TEXT, "coordinator_id": "DE-NOBODY"},
    )
    assert unknown.status_code == 422 and unknown.json()["rule"] == "ALR-029"
    elsewhere = await france.api.broadcast_new(recipients=("BE",), mse="BE")
    no_copy = await germany.api.request(
        "POST",
        f"/alerts/{elsewhere}/information",
        user("DE-A", "handler"),
        {"text": TEXT, "coordinator_id": "DE-C"},
    )
    assert no_copy.status_code == 404 and no_copy.json()["rule"] == "X-010"


async def test_alr_028_x_001_the_same_relayed_command_twice_has_one_effect(states, user, infra):
    france, germany, _ = states
    alert_id = await france.api.broadcast_new(recipients=("DE",), mse="DE")
    await taking_part(germany, user, alert_id, "DE", "DE-A")
    de_a = user("DE-A", "handler")
    action_id = await relayed(
        germany,
        "POST",
        f"/alerts/{alert_id}/information",
        de_a,
        {"text": TEXT, "coordinator_id": "DE-C"},
    )
    de = await settled(germany, user, alert_id, "DE", until=lambda c: c["view"]["items"])

    topic, partition = germany.topics.alerts_deliveries, partition_for("FR")
    records = await read_topic(infra.kafka_bootstrap, topic, [partition])
    [record] = [r for r in records if str(Envelope.from_bytes(r.value).event_id) == action_id]
    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
    await producer.start()
    try:
        for _ in range(2):  # redelivered twice, say after a crash before the offset commit
            await producer.send_and_wait(topic, record.value, key=record.key, partition=partition)
    finally:
        await producer.stop()

    # a later command on the same partition: once it is answered, the copies were handled
    ref = de["view"]["items"][0]["item_id"].rsplit("/", 1)[-1]
    await relayed(
        germany,
        "PATCH",
        f"/alerts/{alert_id}/information/{ref}",
        de_a,
        {"text": {"text": "Measures taken in Bavaria and Saxony", "language": "de"}},
    )
    de = await settled(
        germany,
        user,
        alert_id,
        "DE",
        until=lambda c: "Saxony" in c["view"]["items"][0]["text"]["text"],
    )
    assert len(de["view"]["items"]) == 1 and de["rejected_actions"] == []
    stored = await france.db.alerts.find_one({"_id": alert_id})
    assert [i["author_ms"] for i in stored["state"]["items"]] == ["DE"]
    assert await read_topic(infra.kafka_bootstrap, f"{topic}.dlq", [partition]) == []


async def test_alr_007_alr_040_alr_042_alr_045_alr_047_alr_031_closure_run_by_the_mse(states, user):
    """The state of establishment (DE) runs the closure of France's alert from its own
    deployment; an objection after the objection period comes back refused (ALR-031)."""
    france, germany, central = states
    alert_id = await france.api.broadcast_new(recipients=("DE", "BE"), mse="DE")
    await taking_part(germany, user, alert_id, "DE", "DE-A", "DE-A2")
    await taking_part(central, user, alert_id, "BE", "BE-A")
    status = lambda s: lambda c: c["alert_status"] == s  # noqa: E731
    path = f"/alerts/{alert_id}/closure"

    await relayed(
        germany,
        "POST",
        path,
        user("DE-A", "handler"),
        {"coordinator_id": "DE-C", "text": {"text": "Closed down", "language": "de"}},
    )
    await settled(germany, user, alert_id, "DE", until=status("closure_proposal_open_for_comments"))
    await relayed(
        germany,
        "POST",
        f"{path}/comments",
        user("DE-A2", "handler"),
        {"text": {"text": "Agreed", "language": "de"}},
    )
    de = await settled(germany, user, alert_id, "DE")
    assert de["rejected_actions"] == []
    # ALR-042: the comment phase stays inside the responsible state
    assert (await central.api.copy(alert_id, user("BE-INBOX", "forwarder")))[
        "alert_status"
    ] == "broadcast"

    await france.pass_time(days=15)  # ALR-044: France's period job ends the comment period
    await settled(
        germany, user, alert_id, "DE", until=status("closure_proposal_awaiting_broadcast")
    )
    de_fwd = user("DE-C", "forwarder")
    await relayed(germany, "POST", f"{path}/broadcast", de_fwd, {"comment_ids": None})
    await central.api.copy(
        alert_id,
        user("BE-INBOX", "forwarder"),
        until=status("closure_proposal_open_for_objections"),
    )

    await france.pass_time(days=15)  # ALR-046: the objection period is over
    action_id = await relayed(
        central,
        "POST",
        f"/alerts/{alert_id}/information",
        user("BE-A", "handler"),
        {
            "info_type": "objection_to_closure",
            "coordinator_id": "BE-C",
            "text": {"text": "Still active here", "language": "fr"},
        },
    )
    be = await settled(central, user, alert_id, "BE", until=lambda c: c["rejected_actions"])
    assert [(r["action_id"], r["rule"]) for r in be["rejected_actions"]] == [(action_id, "ALR-031")]

    await relayed(germany, "POST", f"{path}/close", de_fwd)
    await france.api.alert(
        alert_id, user("FR-A"), until=lambda v: v["overview"]["status"] == "closed"
    )
    await central.api.copy(alert_id, user("EU-COMMISSION", "viewer"), until=status("closed"))
    await settled(germany, user, alert_id, "DE", until=status("closed"))


async def test_x_009_ret_004_a_relayed_command_s_arguments_travel_sealed(states, user, infra):
    """Issue 9: `alert.command_relayed` 2.0 seals its arguments (the texts) under the case key;
    the raw record on the origin's partition holds none of them."""
    france, germany, _ = states
    alert_id = await france.api.broadcast_new(recipients=("DE",), mse="DE")
    await taking_part(germany, user, alert_id, "DE", "DE-A")
    action_id = await relayed(
        germany,
        "POST",
        f"/alerts/{alert_id}/information",
        user("DE-A", "handler"),
        {"text": TEXT, "coordinator_id": "DE-C"},
    )
    await settled(germany, user, alert_id, "DE", until=lambda c: c["view"]["items"])
    records = await read_raw(
        infra.kafka_bootstrap, germany.topics.alerts_deliveries, quiet_seconds=0.5
    )
    [record] = [r for r in records if str(Envelope.from_bytes(r.value).event_id) == action_id]
    envelope = Envelope.from_bytes(record.value)
    assert envelope.event_type == "alert.command_relayed" and envelope.schema_version == "2.0"
    assert record.partition == partition_for("FR")
    assert TEXT["text"].encode() not in record.value and "arguments" not in envelope.payload
    sealed = SealedValue.model_validate(envelope.payload["sealed_arguments"])
    assert sealed.case_id == alert_id
    assert (await germany.ctx.sealer.unseal(sealed))["text"]["text"] == TEXT["text"]


async def test_x_001_a_1_0_relayed_command_still_on_the_topic_is_upcast(states, user, infra):
    """A 1.0 `alert.command_relayed` (arguments in clear, from before the upgrade) is applied,
    not dead-lettered: its action would otherwise never be answered."""
    france, germany, _ = states
    alert_id = await france.api.broadcast_new(recipients=("DE",), mse="DE")
    await taking_part(germany, user, alert_id, "DE", "DE-A")
    actor = {"user_id": "u-de-a", "authority_id": "DE-A", "member_state": "DE"}
    actor |= {"authority_roles": ["alert_authority"], "rights": ["alert_handler"]}
    legacy = Envelope(
        event_type="alert.command_relayed",
        schema_version="1.0",
        producer="alerts",
        member_state="DE",
        aggregate_type="alert",
        aggregate_id=alert_id,
        payload={
            "alert_id": alert_id,
            "origin_ms": "FR",
            "member_state": "DE",
            "actor": actor,
            "occurred_at": france.ctx.now().isoformat(),
            "command": "submit_information",
            "arguments": {"text": {"text": TEXT["text"], "lang": "de"}, "coordinator_id": "DE-C"},
        },
    )
    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            france.topics.alerts_deliveries,
            legacy.to_bytes(),
            key=alert_id.encode(),
            partition=partition_for("FR"),
        )
    finally:
        await producer.stop()

    async def applied():
        stored = await france.db.alerts.find_one({"_id": alert_id})
        return stored["state"]["items"] or None

    items = await eventually(applied, timeout=30, what="the 1.0 command applied at the origin")
    assert [(i["author_ms"], i["text"]["text"]) for i in items] == [("DE", TEXT["text"])]


async def test_ret_013_no_command_is_relayed_once_the_case_key_is_shredded(states, user):
    """Nothing of a shredded case travels: the command cannot be sealed, so it is refused
    where it is taken (409 RET-013), and no pending action is left on the copy."""
    france, germany, _ = states
    alert_id = await france.api.broadcast_new(recipients=("DE",), mse="DE")
    await taking_part(germany, user, alert_id, "DE", "DE-A")
    assert await germany.ctx.sealer.shred(alert_id)
    refused = await germany.api.request(
        "POST",
        f"/alerts/{alert_id}/information",
        user("DE-A", "handler"),
        {"text": TEXT, "coordinator_id": "DE-C"},
    )
    assert refused.status_code == 409 and refused.json()["rule"] == "RET-013", refused.text
    copy = await germany.api.copy(alert_id, user("DE-INBOX", "forwarder"))
    assert copy["pending_actions"] == 0
