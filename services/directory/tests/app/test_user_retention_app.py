"""Retention obeyed for an IMI user on the real local servers (RET-004, X-052): a user created
over HTTP, then `user.pd_locked` from Kafka takes the contact data out of every user view, the
helpdesk extracts it to prove an exchange, and `user.pd_deleted` shreds the user's key: the
`user.created` on the bus opens no more, and no row holds the contact data."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaProducer
from support import helpdesk_headers, seed_nimic
from users_support import create_user, details, outbox_events, users_app

from imi_directory.adapters.retention_events import UserPdDeleted, UserPdLocked
from imi_shared.envelope import Envelope
from imi_shared.participants import partition_for
from imi_shared.sealing import KeyShredded, SealedValue, Sealer
from imi_testkit.apps import eventually

AT = datetime(2026, 3, 1, tzinfo=UTC)


async def publish(bootstrap: str, topic: str, event) -> None:
    envelope = Envelope.wrap(event, producer="retention", member_state="FR")
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(
            topic, envelope.to_bytes(), key=b"FR", partition=partition_for("FR")
        )
    finally:
        await producer.stop()


async def test_ret_004_user_lock_extract_delete_on_the_real_servers(infra, topics, db_name, clock):
    async with users_app(infra, topics, db_name, clock) as (client, ctx, _):
        fr = await seed_nimic(ctx, "FR")
        mine = details("Ondine", "Retentionnaire", email="ondine.r@example.fr")
        user = await create_user(client, fr.authority_id, helpdesk_headers(), details=mine)
        uid = user["id"]
        common = {"user_id": uid, "authority_id": fr.authority_id, "member_state": "FR"}
        db = ctx.uow.db

        async def projected_email():  # DIR-134's copy first, so the lock must take it out
            row = await db.authority_search_users.find_one({"_id": uid})
            return row if row and "ondine.r@" in repr(row) else None

        await eventually(projected_email, timeout=30, what="the user in the search projection")
        await publish(
            infra.kafka_bootstrap,
            topics.retention_events,
            UserPdLocked(**common, rule="RET-004", locked_at=AT, delete_at=AT),
        )

        async def applied(field: str):
            async def probe():
                row = await db.locked_user_data.find_one({"_id": uid})
                return row if row and field in row else None

            return await eventually(probe, timeout=30, what=f"{field} applied")

        await applied("locked_at")
        listed = await client.get(
            f"/authorities/{fr.authority_id}/users", headers=helpdesk_headers()
        )
        assert "Retentionnaire" not in listed.text and "ondine" not in listed.text.lower()
        url = f"/users/{uid}/locked-personal-data/extractions"
        body = {"case_ref": "REQ-2026-000042"}
        other = await client.post(url, json=body, headers={})
        assert other.status_code in (401, 404)
        found = await client.post(url, json=body, headers=helpdesk_headers())
        assert found.status_code == 201, found.text
        assert found.json()["contact"]["email"] == "ondine.r@example.fr"

        await publish(
            infra.kafka_bootstrap,
            topics.retention_events,
            UserPdDeleted(**common, rule="RET-004", deleted_at=AT, key_id=f"user:{uid}"),
        )
        await applied("pd_deleted_at")
        gone = await client.post(url, json=body, headers=helpdesk_headers())
        assert gone.status_code == 404 and "RET-013" in gone.text
        [created] = await outbox_events(ctx, "user.created", uid)
        sealed = SealedValue.model_validate(created["payload"]["personal_data"])
        with pytest.raises(KeyShredded):
            await Sealer(ctx.sealer.key_store, cache_ttl=0).unseal(sealed)
        for name in await db.list_collection_names():
            async for row in db[name].find():
                assert "Retentionnaire" not in repr(row) and "ondine.r@" not in repr(row), name
