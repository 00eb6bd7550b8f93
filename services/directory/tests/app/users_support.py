"""Helpers of the user and login app tests (test_users_*.py): the app with a test credential
kit, user creation, the temporary password read back as the notifier would (unsealed from the
outbox event), first login and login."""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition
from support import directory_app, helpdesk_headers

from imi_directory.handlers.credential_kit import CredentialKit
from imi_shared.envelope import Envelope
from imi_shared.participants import partition_for
from imi_shared.sealing import SealedValue
from imi_testkit.outbox import outbox_event
from imi_testkit.outbox import outbox_events as stored_events

CODE = "Abc!def12345"  # DIR-146: letters, digits and a symbol
NEW_PASSWORD = "Correct-horse-9"


@contextlib.asynccontextmanager
async def users_app(
    infra, topics, db_name, clock, seed: int = 7, settings: dict | None = None, kit=None
):
    kit = kit or CredentialKit.for_tests(seed)
    async with directory_app(infra, topics, db_name, clock=clock, kit=kit, settings=settings) as (
        client,
        ctx,
    ):
        yield client, ctx, kit


def details(first: str = "Jeanne", last: str = "Dupont", email: str | None = None) -> dict:
    return {
        "first_name": first,
        "last_name": last,
        "main_language": "fr",
        "email": email or f"{first}.{last}@example.fr".lower(),
    }


async def create_user(client, authority_id: str, headers: dict, **body) -> dict:
    body.setdefault("details", details())
    response = await client.post(f"/authorities/{authority_id}/users", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def outbox_events(ctx, event_type: str, user_id: str | None = None) -> list[dict]:
    query: dict = {"envelope.event_type": event_type}
    if user_id:
        query["envelope.aggregate_id"] = user_id
    return [row["envelope"] for row in await stored_events(ctx.uow.db, query)]


async def temporary_password(ctx, user_id: str, event_type: str = "user.created") -> str:
    """What the notifier does: unseal the `temporary_password` field of the latest event."""
    payload = (await outbox_events(ctx, event_type, user_id))[-1]["payload"]
    return await ctx.sealer.unseal(SealedValue.model_validate(payload["temporary_password"]))


async def first_login(
    client, username: str, temporary: str, *, code: str = CODE, new_password: str = NEW_PASSWORD
):
    return await client.post(
        "/auth/first-login",
        json={
            "username": username,
            "temporary_password": temporary,
            "new_password": new_password,
            "security_code": code,
        },
    )


async def login(
    client,
    username: str,
    password: str = NEW_PASSWORD,
    code: str = CODE,
    *,
    wrong_code: bool = False,
):
    asked = (await client.post("/auth/challenge", json={"username": username})).json()
    chars = {str(p): ("~" if wrong_code else code[p - 1]) for p in asked["positions"]}
    return await client.post(
        "/auth/login",
        json={
            "username": username,
            "password": password,
            "code_chars": chars,
            "challenge_id": asked["challenge_id"],
        },
    )


@dataclass(frozen=True)
class Onboarded:
    user: dict
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def onboard(client, ctx, authority_id: str, headers: dict | None = None, **body) -> Onboarded:
    """Create a user, complete the first login with the e-mailed password, log in."""
    user = await create_user(client, authority_id, headers or helpdesk_headers(), **body)
    temporary = await temporary_password(ctx, user["id"])
    response = await first_login(client, user["username"], temporary)
    assert response.status_code == 200, response.text
    return Onboarded(user, response.json()["access_token"])


def dumps(document) -> str:
    return json.dumps(document, default=str)


async def published(infra, ctx, event_id: str, timeout: float = 15.0) -> bytes:
    """The raw Kafka record of an outbox event, once the relay has published it."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while (row := await outbox_event(ctx.uow.db, {"event_id": event_id}))["status"] != "sent":
        assert loop.time() < deadline, "the relay did not publish the event"
        await asyncio.sleep(0.05)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=infra.kafka_bootstrap, group_id=None, enable_auto_commit=False
    )
    await consumer.start()
    try:
        tp = TopicPartition(row["topic"], partition_for(row["envelope"]["member_state"]))
        consumer.assign([tp])
        await consumer.seek_to_beginning(tp)
        end = (await consumer.end_offsets([tp]))[tp]
        while await consumer.position(tp) < end:
            assert loop.time() < deadline, "the topic was not read to its end"
            for records in (await consumer.getmany(tp, timeout_ms=500)).values():
                for record in records:
                    if str(Envelope.from_bytes(record.value).event_id) == event_id:
                        return record.value
    finally:
        await consumer.stop()
    raise AssertionError(f"event {event_id} is not on {row['topic']}")
