"""Directory events on Kafka (X-050) and the open-cases read model fed by the requests and
alerts events (X-051), which DIR-105, DIR-118 and DIR-119 need."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from support import SERVICES, call, outbox_events, refused, register_ca, seed_nimic

from imi_directory.adapters.open_cases import OpenCases
from imi_shared.envelope import Envelope
from imi_shared.participants import partition_for


def case_event(event_type: str, member_state: str, **payload) -> Envelope:
    return Envelope(
        event_type=event_type,
        schema_version="1.1",
        producer="requests",
        member_state=member_state,
        aggregate_type=event_type.split(".")[0],
        aggregate_id=str(payload.get("request_id") or payload.get("alert_id")),
        occurred_at=payload.pop("at", datetime.now(UTC)),
        payload=payload,
    )


async def publish(bootstrap: str, topic: str, *envelopes: Envelope) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for envelope in envelopes:
            await producer.send_and_wait(
                topic,
                envelope.to_bytes(),
                key=envelope.member_state.encode(),
                partition=partition_for(envelope.member_state),
            )
    finally:
        await producer.stop()


async def open_count(
    ctx, authority_id: str, la_code: str | None = None, workflow: str | None = None
) -> int:
    return (
        await ctx.uow.run(lambda tx: OpenCases(tx).count(authority_id, la_code, workflow))
    ).value


async def wait_for_count(ctx, expected: int, *args, timeout: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while (count := await open_count(ctx, *args)) != expected:
        assert asyncio.get_running_loop().time() < deadline, f"open cases: {count} != {expected}"
        await asyncio.sleep(0.1)


async def read_partition(
    bootstrap: str, topic: str, partition: int, wanted=None, timeout: float = 20.0
) -> list:
    """Records of one partition from the beginning until `wanted(records)` holds (or, without
    `wanted`, up to the partition's end offset at the time of the call)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    records: list = []
    tp = TopicPartition(topic, partition)
    try:
        consumer.assign([tp])
        end = None if wanted is not None else (await consumer.end_offsets([tp]))[tp]
        deadline = asyncio.get_running_loop().time() + timeout
        while not (wanted(records) if end is None else await consumer.position(tp) >= end):
            assert asyncio.get_running_loop().time() < deadline, f"only {len(records)} records"
            for batch in (await consumer.getmany(timeout_ms=200)).values():
                records.extend(batch)
    finally:
        await consumer.stop()
    return records


async def test_x_050_dir_097_registration_events_reach_kafka_on_the_state_partition(
    directory, infra
):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    expected = [t for t, _ in await outbox_events(ctx, ca)]

    def mine(records):
        return [json.loads(r.value) for r in records if json.loads(r.value)["aggregate_id"] == ca]

    records = await read_partition(
        infra.kafka_bootstrap,
        ctx.topics.directory_events,
        partition_for("FR"),
        lambda rs: len(mine(rs)) >= len(expected),
    )
    envelopes = mine(records)
    assert [e["event_type"] for e in envelopes] == expected
    registered = envelopes[0]
    assert (registered["producer"], registered["member_state"]) == ("directory", "FR")
    assert registered["payload"]["legislative_areas"][0]["la_code"] == SERVICES
    assert all(r.key == b"FR" for r in records)


async def test_dir_119_workflow_removal_waits_until_the_open_request_closes(directory, infra):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    path = f"/authorities/{ca}/access/{SERVICES}/requests"
    await call(client, "POST", f"{path}/suspend", fr.headers)
    request_id, requester = str(uuid.uuid4()), f"de-{uuid.uuid4()}"
    common = {
        "request_id": request_id,
        "la_code": SERVICES,
        "responding_authority_id": ca,
        "requesting_authority_id": requester,
        "unknown_field": "ignored",
    }
    await publish(
        infra.kafka_bootstrap,
        ctx.topics.requests_events,
        case_event("request.message_added", "DE", request_id=request_id),
        case_event(
            "request.status_changed",
            "DE",
            old_status="draft",
            new_status="awaiting_acceptance",
            **common,
        ),
    )
    await wait_for_count(ctx, 1, ca, SERVICES, "requests")
    assert await refused(client, "POST", f"{path}/remove", fr.headers) == (409, "DIR-119")

    await publish(
        infra.kafka_bootstrap,
        ctx.topics.requests_events,
        case_event(
            "request.status_changed", "DE", old_status="answered", new_status="closed", **common
        ),
    )
    await wait_for_count(ctx, 0, ca, SERVICES, "requests")
    body = await call(client, "POST", f"{path}/remove", fr.headers)
    assert (
        body["authority"]["legislative_areas"][SERVICES]["workflows"]["requests"]["status"]
        == "removed"
    )
    assert await open_count(ctx, requester) == 0
    # barrier: the closing event, published after the skipped one on the same partition, has
    # been consumed (open count back to 0), so a dead letter for it would already be written
    dead = await read_partition(
        infra.kafka_bootstrap, ctx.topics.dlq(ctx.topics.requests_events), partition_for("DE")
    )
    mine = [r for r in dead if json.loads(r.value)["aggregate_id"] == request_id]
    assert mine == []  # other request events are skipped, not dead-lettered


async def test_dir_118_la_removal_waits_for_open_alerts_of_the_la(directory, infra):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr, workflows=("requests", "alerts"))
    base = f"/authorities/{ca}/access/{SERVICES}"
    for step in ("requests/suspend", "alerts/suspend", "suspend", "requests/remove"):
        await call(client, "POST", f"{base}/{step}", fr.headers)
    launcher = {"user_id": "u", "authority_id": f"de-{uuid.uuid4()}", "member_state": "DE"}
    alert = {
        "alert_id": str(uuid.uuid4()),
        "actor": launcher,
        "notify_authority_ids": [ca],
        "ref_no": "ALR-1",
    }
    await publish(
        infra.kafka_bootstrap,
        ctx.topics.alerts_events,
        case_event(
            "alert.status_changed",
            "DE",
            old_status="awaiting_broadcast",
            new_status="broadcast",
            **alert,
        ),
    )
    await wait_for_count(ctx, 1, ca, SERVICES, "alerts")
    assert await refused(client, "POST", f"{base}/alerts/remove", fr.headers) == (409, "DIR-119")
    await publish(
        infra.kafka_bootstrap,
        ctx.topics.alerts_events,
        case_event(
            "alert.status_changed", "DE", old_status="broadcast", new_status="withdrawn", **alert
        ),
    )
    await wait_for_count(ctx, 0, ca, SERVICES)
    await call(client, "POST", f"{base}/alerts/remove", fr.headers)
    body = await call(client, "POST", f"{base}/remove", fr.headers)
    assert body["authority"]["legislative_areas"][SERVICES]["status"] == "removed"


async def test_dir_105_no_inactivity_while_an_exchange_is_open(directory, infra):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    base = f"/authorities/{ca}/access/{SERVICES}"
    for step in ("requests/suspend", "suspend", "requests/remove", "remove"):
        await call(client, "POST", f"{base}/{step}", fr.headers)
    await call(client, "POST", f"/authorities/{ca}/status/suspend", fr.headers)
    r9 = str(uuid.uuid4())
    # a case of another LA in which the authority still takes part (e.g. it was forwarded)
    await publish(
        infra.kafka_bootstrap,
        ctx.topics.requests_events,
        case_event(
            "request.status_changed",
            "FR",
            request_id=r9,
            la_code="solvit",
            old_status="awaiting_acceptance",
            new_status="accepted",
            authority_ids=[ca],
        ),
    )
    await wait_for_count(ctx, 1, ca)
    response = await client.post(f"/authorities/{ca}/status/set_inactive", headers=fr.headers)
    assert (response.status_code, response.json()["rule"]) == (409, "DIR-105")
    assert "open" in response.json()["error"]
    await publish(
        infra.kafka_bootstrap,
        ctx.topics.requests_events,
        case_event(
            "request.status_changed",
            "FR",
            request_id=r9,
            la_code="solvit",
            old_status="accepted",
            new_status="refused",
            authority_ids=[ca],
        ),
    )
    await wait_for_count(ctx, 0, ca)
    body = await call(client, "POST", f"/authorities/{ca}/status/set_inactive", fr.headers)
    assert body["authority"]["status"] == "inactive"
