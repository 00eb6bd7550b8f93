"""End to end on the real local servers: POST /registers, the directory's event making B an
active authority, PUT the managing authority, DELETE → outbox relay → Kafka
(`imi.registers.events`) → the service's own consumer → the managed-registers read model via
GET, and a translated informal name from `imi.translation.events` found by the
quick search over HTTP (REG-013, REG-015, REG-017, TRL-011, REG-016, REG-025, REG-026, X-052, X-054)."""

from aiokafka import AIOKafkaProducer

from imi_registers.app import create_app
from imi_registers.settings import RegistersSettings
from imi_shared.auth import Principal
from imi_shared.participants import partition_for
from imi_testkit.apps import bearer, eventually, running_app
from imi_testkit.directory_events import publish_directory_event

from .bodies import ARCHITECTS, authority_activated, name_translated


async def publish(bootstrap: str, topic: str, envelope) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(
            topic, envelope.to_bytes(), key=b"FR", partition=partition_for("FR")
        )
    finally:
        await producer.stop()


def headers(user_id: str, authority_id: str, *, lda: bool = True) -> dict:
    principal = Principal(
        user_id=user_id, username=user_id, authority_id=authority_id, member_state="FR",
        local_data_admin=lda,
    )  # fmt: skip
    return bearer(principal)


async def test_reg_016_the_managed_registers_follow_the_transfer_and_the_deletion(
    infra, unique, topics, db_name
):
    a, b = f"ca-a-{unique}", f"ca-b-{unique}"
    async with running_app(create_app, RegistersSettings, infra, topics, db_name) as (_, client):
        refused = await client.post(
            "/registers", json=ARCHITECTS, headers=headers("u", a, lda=False)
        )
        created = await client.post("/registers", json=ARCHITECTS, headers=headers("u-a", a))
        assert created.status_code == 201, created.text
        register_id = created.json()["register_id"]

        async def managed_by(authority_id):
            answer = await client.get(
                f"/authorities/{authority_id}/managed-registers", headers=headers("u-x", b)
            )
            assert answer.status_code == 200, answer.text
            return [row["register_id"] for row in answer.json()]

        first = await eventually(lambda: managed_by(a), timeout=30)

        async def search(q: str, lang: str) -> list[str]:
            params = {"country": "FR", "q": q, "lang": lang}
            answer = await client.get("/search/registers", params=params, headers=headers("u", b))
            assert answer.status_code == 200, answer.text
            return [row["register_id"] for row in answer.json()["rows"]]

        found_fr = await search("registre architectes", "fr")  # REG-023
        translated = name_translated(
            register_id, "de", "Baukunst Kammerliste", ARCHITECTS["informal_name"]
        )
        await publish(infra.kafka_bootstrap, topics.translation_events, translated)
        found_de = await eventually(lambda: search("baukunst", "de"), timeout=30)
        not_it = await search("baukunst", "it")  # in its own language only
        path = f"/registers/{register_id}/managing-authority"
        unknown_b = await client.put(
            path, json={"managing_authority_id": b}, headers=headers("u-a", a)
        )
        await publish_directory_event(infra.kafka_bootstrap, topics, authority_activated(b))

        async def transferred():
            moved = await client.put(
                path, json={"managing_authority_id": b}, headers=headers("u-a", a)
            )
            return moved if moved.status_code == 200 else None

        moved = await eventually(transferred, timeout=30, what="B known as active (X-054)")
        now_b = await eventually(lambda: managed_by(b), timeout=30)
        left_a = await managed_by(a)
        again = await client.put(path, json={"managing_authority_id": a}, headers=headers("u-a", a))
        seen_by_a = await client.get(f"/registers/{register_id}", headers=headers("u-a", a))
        deleted = await client.delete(f"/registers/{register_id}", headers=headers("u-b", b))
        gone = await eventually(lambda: _empty(managed_by(b)), timeout=30)
        absent = await client.get(f"/registers/{register_id}", headers=headers("u-a", a))
    assert refused.status_code == 403 and refused.json()["rule"] == "REG-002"
    assert created.json()["managing_authority_id"] == a and created.json()["can_edit"]
    assert unknown_b.status_code == 422 and unknown_b.json()["rule"] == "REG-025"
    assert moved.json()["managing_authority_id"] == b and not moved.json()["can_edit"]
    assert first == [register_id] and now_b == [register_id] and left_a == []
    assert found_fr == [register_id] and found_de == [register_id] and not_it == []  # TRL-011
    assert again.status_code == 403 and again.json()["rule"] == "REG-003"
    assert not seen_by_a.json()["can_edit"] and not seen_by_a.json()["can_delete"]  # REG-022
    assert deleted.status_code == 204 and gone
    assert absent.status_code == 404 and absent.json()["rule"] == "REG-019"


async def _empty(rows_awaitable) -> bool:
    return (await rows_awaitable) == []
