"""Directory events as the directory publishes them (`imi.directory.events`, full payloads per
its checked-in schemas), for tests of the services' read models on the real broker.

    await publish_directory_event(infra.kafka_bootstrap, topics, user_locked_out(...))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer

from imi_shared.auth import Principal
from imi_shared.envelope import Envelope
from imi_shared.participants import partition_for
from imi_shared.topics import Topics


def _envelope(event_type: str, aggregate: str, aggregate_id: str, member_state: str, payload):
    return Envelope(
        event_type=event_type,
        schema_version="1.0",
        producer="directory",
        member_state=member_state,
        aggregate_type=aggregate,
        aggregate_id=aggregate_id,
        payload=payload,
    )


def _at(moment: datetime | None) -> str:
    return (moment or datetime.now(UTC)).isoformat()


def user_locked_out(
    user_id: str, authority_id: str, member_state: str, at: datetime | None = None
) -> Envelope:
    """DIR-094: the fifth failed login locked the account."""
    payload = {
        "user_id": user_id,
        "authority_id": authority_id,
        "member_state": member_state,
        "failed_attempts": 5,
        "locked_at": _at(at),
    }
    return _envelope("user.locked_out", "user", user_id, member_state, payload)


def user_removed(
    user_id: str, authority_id: str, member_state: str, at: datetime | None = None
) -> Envelope:
    """DIR-090: an LDA deactivated the user."""
    payload = {
        "user_id": user_id,
        "authority_id": authority_id,
        "member_state": member_state,
        "removed_at": _at(at),
        "actor_user_id": None,
    }
    return _envelope("user.removed", "user", user_id, member_state, payload)


def access_changed(
    authority_id: str,
    member_state: str,
    la_code: str,
    workflow: str | None,
    new_status: str | None,
    at: datetime | None = None,
) -> Envelope:
    """DIR §3.11: an LA (workflow None) or workflow access changed status."""
    payload = {
        "authority_id": authority_id,
        "member_state": member_state,
        "la_code": la_code,
        "workflow": workflow,
        "old_status": "suspended",
        "new_status": new_status,
        "action": "remove",
        "changed_at": _at(at),
        "actor_user_id": None,
    }
    return _envelope("authority.access_changed", "authority", authority_id, member_state, payload)


async def publish_directory_event(bootstrap: str, topics: Topics, envelope: Envelope) -> None:
    """Produce `envelope` on the directory's topic, keyed and partitioned by member state."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(
            topics.directory_events,
            envelope.to_bytes(),
            key=envelope.member_state.encode(),
            partition=partition_for(envelope.member_state),
        )
    finally:
        await producer.stop()


STATUS_USER_ID = "u-fr-status"


def status_user(authority_id: str = "ca-fr-1", member_state: str = "FR", **extra) -> Principal:
    """The user whose token the services' X-054 tests see refused after a directory event."""
    return Principal(
        user_id=STATUS_USER_ID,
        username="fr_status",
        authority_id=authority_id,
        member_state=member_state,
        user_rights={
            "services/requests": ("request_handler",),
            "services/alerts": ("alert_viewer", "alert_handler"),
        },
        **extra,
    )


@dataclass(frozen=True)
class Refusal:
    before: int  # the status answered before the directory event
    answer: dict  # the 401 body after it


async def refused_after(
    http, bootstrap: str, topics: Topics, envelope: Envelope, request
) -> Refusal:
    """X-054 on a running service: `request(http)` is answered (not 401), `envelope` is
    published on the directory's topic, then the same call is refused with 401 within
    seconds."""
    from .apps import eventually

    before = (await request(http)).status_code
    assert before != 401, "the token was refused before the directory event"
    await publish_directory_event(bootstrap, topics, envelope)
    refusal: dict = {}

    async def refused() -> bool:
        answer = await request(http)
        refusal.update(answer.json() if answer.status_code == 401 else {})
        return answer.status_code == 401

    await eventually(refused, what=f"the token refused after {envelope.event_type}")
    return Refusal(before, refusal)


def requests_authority_registered(
    authority_id: str,
    member_state: str,
    role: str = "request_authority",
    coordinators: tuple[str, ...] = (),
    la_code: str = "services",
    **parameters: bool,
) -> Envelope:
    """DIR §3.5: an authority with active `la_code` access and its requests workflow (`role`,
    DIR-030..036 `parameters`, DIR-027 associated coordinators). Only the fields the services'
    read models take; the directory's schema has more (contact, keywords...)."""
    workflow = {
        "workflow": "requests",
        "status": "active",
        "role": role,
        "is_alert_inbox": False,
        "parameters": parameters,
        "associated_coordinator_ids": list(coordinators),
    }
    payload = {
        "authority_id": authority_id,
        "member_state": member_state,
        "status": "active",
        "legislative_areas": [{"la_code": la_code, "status": "active", "workflows": [workflow]}],
    }
    envelope = _envelope("authority.registered", "authority", authority_id, member_state, payload)
    return envelope.model_copy(update={"schema_version": "2.1"})


def user_roles_changed(
    user_id: str,
    authority_id: str,
    member_state: str,
    roles: tuple[str, ...],
    la_code: str = "services",
    workflow: str = "requests",
) -> Envelope:
    """DIR §3.9: the user's content roles in `la_code`/`workflow` (what the requests service's
    users read model takes to check allocations, REQ-049 / REQ-053)."""
    payload = {
        "user_id": user_id,
        "authority_id": authority_id,
        "member_state": member_state,
        "roles": [{"role": r, "la_code": la_code, "workflow": workflow} for r in roles],
        "changed_at": _at(None),
        "actor_user_id": None,
    }
    return _envelope("user.roles_changed", "user", user_id, member_state, payload)
