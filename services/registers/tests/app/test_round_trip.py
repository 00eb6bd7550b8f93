"""End to end on the real local servers: POST /registers, PUT its managing authority →
outbox relay → Kafka (`imi.registers.events`) → the service's own consumer → the
managed-registers read model via GET (REG-013, REG-016, REG-026, X-052)."""

import httpx

from imi_registers.app import create_app
from imi_registers.settings import RegistersSettings
from imi_shared.auth import Principal
from imi_testkit.apps import bearer, eventually


def headers(user_id: str, authority_id: str, *, lda: bool = True) -> dict:
    principal = Principal(
        user_id=user_id,
        username=user_id,
        authority_id=authority_id,
        member_state="FR",
        local_data_admin=lda,
    )
    return bearer(principal)


async def test_reg_016_the_managed_registers_follow_the_transfer(infra, unique, topics, db_name):
    settings = RegistersSettings(
        kafka_bootstrap=infra.kafka_bootstrap,
        mongo_uri=infra.mongo_uri,
        db_name=db_name,
        topic_prefix=topics.prefix,
    )
    a, b = f"ca-a-{unique}", f"ca-b-{unique}"
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://registers") as client:
            body = {
                "official_name": "Registre national des architectes",
                "informal_name": "Architects register",
                "coverage": "national",
                "register_type": "specific",
                "owner_authority": "Ordre des architectes",
                "online": True,
                "links": [{"url": "https://example.org/architectes", "lang": "fr"}],
            }
            refused = await client.post("/registers", json=body, headers=headers("u", a, lda=False))
            created = await client.post("/registers", json=body, headers=headers("u-a", a))
            assert created.status_code == 201, created.text
            register_id = created.json()["register_id"]

            async def managed_by(authority_id):
                answer = await client.get(
                    f"/authorities/{authority_id}/managed-registers", headers=headers("u-x", b)
                )
                assert answer.status_code == 200, answer.text
                return [row["register_id"] for row in answer.json()]

            first = await eventually(lambda: managed_by(a), timeout=30)
            moved = await client.put(
                f"/registers/{register_id}/managing-authority",
                json={"managing_authority_id": b},
                headers=headers("u-a", a),
            )
            assert moved.status_code == 200, moved.text
            now_b = await eventually(lambda: managed_by(b), timeout=30)
            left_a = await managed_by(a)
            again = await client.put(
                f"/registers/{register_id}/managing-authority",
                json={"managing_authority_id": a},
                headers=headers("u-a", a),
            )
    assert refused.status_code == 403 and refused.json()["rule"] == "REG-002"
    assert created.json()["managing_authority_id"] == a and created.json()["can_edit"]
    assert first == [register_id] and now_b == [register_id] and left_a == []
    assert again.status_code == 403 and again.json()["rule"] == "REG-003"
