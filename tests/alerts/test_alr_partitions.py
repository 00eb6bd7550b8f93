"""ALR-021, ALR-022, ALR-079, X-010, X-011 across real deployments: each state's alerts
deployment sees only what reaches it, the Commission sees every copy and no personal data.

Processes (each `python -m imi_alerts.app` with its own database; one broker, one database
server; each deployment its own key store, KEK and key pair):
  fr        IMI_MEMBER_STATES=FR                        France's own deployment (the sender)
  de        IMI_MEMBER_STATES=DE                        Germany's own deployment
  eu        IMI_MEMBER_STATES=ALL, IMI_COMMISSION_VIEW   the Commission: every copy, no PD
  fanout1/2 IMI_FANOUT_WORKER=true, IMI_SERVE_INBOX=false, one database: France's fan-out
            group (France's keys: only the owner of a case key expands its distributions)
Only fanout1/2 run fan-out workers (IMI_FANOUT_WORKER=false elsewhere).
"""

from __future__ import annotations

import json
import time

import pytest
from bson import json_util
from cluster import (
    PD_NAME,
    TOKENS,
    WORKER_SCOPE,
    acknowledge,
    assert_events_ordered,
    assert_no_dead_letters,
    event_types,
    forward,
    get_alert,
    inbox_copy,
    inbox_list,
    inbox_user,
    launch_and_broadcast,
    recipients_of,
    user,
    wait_until,
)

from imi_shared.participants import COMMISSION, PARTICIPANTS

ORIGIN = "FR"


async def fanout_committed(cluster, origin: str) -> int:
    """The fan-out group's committed offset on the origin's partition of imi.alerts.fanout."""
    from aiokafka import TopicPartition
    from aiokafka.admin import AIOKafkaAdminClient

    from imi_shared.participants import partition_for

    tp = TopicPartition(cluster.topics.alerts_fanout, partition_for(origin))
    admin = AIOKafkaAdminClient(bootstrap_servers=cluster.kafka_bootstrap)
    await admin.start()
    try:  # explicit partitions: Tansu drops the connection without them (LOCAL-INFRA.md)
        offsets = await admin.list_consumer_group_offsets(
            f"{cluster.topics.prefix}alerts-fanout-alerts-{origin.lower()}", partitions=[tp]
        )
    finally:
        await admin.close()
    meta = offsets.get(tp)
    return meta.offset if meta is not None and meta.offset >= 0 else 0


def pd_in(value) -> bool:
    """Whether a JSON-able value holds the test's personal data (in clear) anywhere."""
    return PD_NAME in json.dumps(value, default=str)


async def database_dump(db) -> str:
    """Every document of every collection of a database, as one JSON text."""
    parts = []
    for name in await db.list_collection_names():
        async for doc in db[name].find({}):
            parts.append(f"{name}: {json_util.dumps(doc)}")
    return "\n".join(parts)


def delivery_of(view: dict, ms: str) -> dict:
    """Recipient state `ms`'s delivery in GET /alerts/{id}."""
    deliveries = view["deliveries"]
    if isinstance(deliveries, dict):
        return deliveries[ms]
    return next(d for d in deliveries if d["participant"] == ms)


@pytest.mark.slow
async def test_alr_partitions_fr_de_commission_deployments(cluster, record_property):
    started = time.monotonic()
    fr = cluster.add("fr", scope="FR")
    de = cluster.add("de", scope="DE")
    eu = cluster.add("eu", scope="ALL", commission_view=True)
    workers = [
        cluster.add(
            f"fanout{i}",
            scope=WORKER_SCOPE,
            db_name=f"{fr.db_name}_fanout",
            fanout_worker=True,
            serve_inbox=False,
            keys_of=fr,  # France's workers: they hold France's case keys
        )
        for i in (1, 2)
    ]
    ready = await cluster.start_all()
    await cluster.seed_directory()
    booted = time.monotonic() - started

    # FR: an alert authority launches, its coordinator broadcasts to the 29 other states
    alert = await launch_and_broadcast(fr, ORIGIN, recipients_of(ORIGIN))
    alert_id = alert["alert_id"]
    assert alert["status"] == "broadcast"
    broadcast_at = time.monotonic()

    # DE's deployment receives the DE copy, with personal data (DE takes part, X-011)
    de_inbox = inbox_user("DE")
    de_copy = await wait_until(
        lambda: inbox_copy(de, de_inbox, alert_id, "DE"),
        timeout=60,
        what="the DE copy reaches DE's deployment",
    )
    assert (de_copy["participant"], de_copy["origin_ms"], de_copy["number"]) == (
        "DE",
        ORIGIN,
        alert["number"],
    )
    assert de_copy["status"] == "awaiting_acknowledgement"
    assert pd_in(de_copy["personal_data"]), "a recipient state's mailbox sees the provider data"
    assert "alert.delivered" in event_types(de_copy)
    assert_events_ordered(de_copy)

    # the Commission's deployment holds all 31 copies, none with personal data (ALR-079)
    eu_user = inbox_user(COMMISSION)

    async def commission_copies():
        copies = {p: await inbox_copy(eu, eu_user, alert_id, p) for p in PARTICIPANTS}
        return copies if all(copies.values()) else None

    copies = await wait_until(
        commission_copies,
        timeout=90,
        interval=0.5,
        what="the Commission's deployment holds all 31 copies",
    )
    all_copies_at = time.monotonic()
    for participant, copy in copies.items():
        assert copy["participant"] == participant and copy["number"] == alert["number"]
        assert copy["personal_data"] is None, f"the Commission got PD in the {participant} copy"
        assert not pd_in(copy), f"PD in the {participant} copy the Commission reads"
    assert copies["DE"]["status"] == "awaiting_acknowledgement"
    eu_dump = await database_dump(eu.db(cluster.mongo))
    assert PD_NAME not in eu_dump, "personal data (in clear) in the Commission's database"
    assert "ciphertext" not in eu_dump, "personal data (even sealed) in the Commission's database"

    # the sender's own inbox (FR deployment) has its FR copy, with personal data
    fr_copy = await wait_until(
        lambda: inbox_copy(fr, inbox_user("FR"), alert_id, "FR"),
        timeout=60,
        what="the FR copy reaches FR's deployment",
    )
    assert fr_copy["participant"] == ORIGIN and pd_in(fr_copy["personal_data"])

    # each state's deployment holds only its own participants' copies...
    fr_db, de_db = fr.db(cluster.mongo), de.db(cluster.mongo)
    assert await de_db.inbox.distinct("participant") == ["DE"]
    assert await de_db.inbox.count_documents({}) == 1
    assert await fr_db.inbox.distinct("participant") == ["FR"]
    assert await de_db.alerts.count_documents({}) == 0, "the alert lives in FR's deployment"
    assert await fr_db.alerts.count_documents({}) == 1
    assert PD_NAME not in await database_dump(de_db), "DE keeps personal data sealed"
    worker_db = workers[0].db(cluster.mongo)
    for name in ("inbox", "outbox", "processed_events", "alerts"):  # a stateless transform
        assert await worker_db[name].count_documents({}) == 0, f"fan-out workers wrote {name}"
    assert await fanout_committed(cluster, ORIGIN) >= 1, "the workers' group did the fan-out"
    # ...and its API serves no other participant's mailbox (421: served elsewhere)
    it_on_de = await de.get("/inbox", TOKENS(inbox_user("IT")), params={"participant": "IT"})
    assert it_on_de.status_code == 421, it_on_de.text
    de_reads_it = await de.get(f"/inbox/{alert_id}", TOKENS(de_inbox), params={"participant": "IT"})
    assert de_reads_it.status_code in (403, 421), de_reads_it.text
    assert [c["alert_id"] for c in await inbox_list(de, de_inbox, "DE")] == [alert_id]

    # a DE mailbox forwarder acknowledges on DE's deployment...
    acked = await acknowledge(de, de_inbox, alert_id)
    assert acked["status"] == "acknowledged"
    fr_coordinator = user(f"{ORIGIN}-C", "forwarder")

    async def fr_sees_de(status: str):
        view = await get_alert(fr, fr_coordinator, alert_id)
        return view if delivery_of(view, "DE")["status"] == status else None

    fr_view = await wait_until(
        lambda: fr_sees_de("acknowledged"), timeout=60, what="FR's deployment shows DE acknowledged"
    )
    acknowledged_at = time.monotonic()
    assert delivery_of(fr_view, "IT")["status"] == "awaiting_acknowledgement"
    assert fr_view["overview"]["status"] == "broadcast"
    # ...the origin confirms it to DE's copy, and the Commission's copy of DE learns it too
    await wait_until(
        lambda: _copy_where(
            de,
            de_inbox,
            alert_id,
            "DE",
            lambda c: c["pending_actions"] == 0 and "alert.acknowledged" in event_types(c),
        ),
        timeout=60,
        what="DE's copy gets the origin's confirmation",
    )
    await wait_until(
        lambda: _copy_where(eu, eu_user, alert_id, "DE", lambda c: c["status"] == "acknowledged"),
        timeout=60,
        what="the Commission's DE copy shows the acknowledgement",
    )

    # forwarding within DE (ALR-023) travels back to FR's deployment too
    forwarded = await forward(de, de_inbox, alert_id, ["DE-A"])
    assert forwarded["status"] == "forwarded"
    await wait_until(
        lambda: fr_sees_de_recipient(fr, fr_coordinator, alert_id, "DE-A"),
        timeout=60,
        what="FR's deployment shows DE's forward to DE-A",
    )
    final_de = await wait_until(
        lambda: _copy_where(de, de_inbox, alert_id, "DE", lambda c: c["pending_actions"] == 0),
        timeout=60,
        what="DE's forward confirmed",
    )
    assert_events_ordered(final_de)

    timings = {
        "boot_s": round(booted, 1),
        "broadcast_to_31_copies_s": round(all_copies_at - broadcast_at, 1),
        "ack_round_trip_s": round(acknowledged_at - all_copies_at, 1),
        "total_s": round(time.monotonic() - started, 1),
    }
    record_property("timings", timings)
    print(f"\nready {ready}; {timings}")

    assert not cluster.dead(), f"crashed: {cluster.dead()}"
    await assert_no_dead_letters(cluster)


async def fr_sees_de_recipient(fr, who, alert_id: str, authority_id: str):
    view = await get_alert(fr, who, alert_id)
    return delivery_of(view, "DE")["first_forwarded_at"] is not None and any(
        r["authority_id"] == authority_id and r["member_state"] == "DE" for r in view["recipients"]
    )


async def _copy_where(dep, who, alert_id: str, participant: str, condition) -> dict | None:
    copy = await inbox_copy(dep, who, alert_id, participant)
    return copy if copy is not None and condition(copy) else None
