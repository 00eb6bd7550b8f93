"""Seed an alerts deployment's directory read model by publishing directory events.

The payloads have the shape of `imi_directory.domain.events` (X-050) — the same events the
directory service publishes — so a seeded deployment is in the state a real directory would
have put it in. Publish them to `imi.directory.events` before or after the deployment starts:
its consumer reads the topic from the beginning.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaProducer

from imi_shared.envelope import Envelope
from imi_shared.participants import EEA_MEMBER_STATES, partition_for
from imi_shared.topics import Topics


@dataclass(frozen=True)
class SeedAuthority:
    authority_id: str
    member_state: str
    role: str = "alert_authority"  # or "alert_coordinator"
    is_alert_inbox: bool = False
    final_approval: bool = False
    associated_coordinator_ids: tuple[str, ...] = ()
    status: str = "active"  # DIR-006 authority status
    access: str = "active"  # DIR-007 alerts-workflow access
    name: str | None = None


def standard_authorities(states: Iterable[str] = EEA_MEMBER_STATES) -> list[SeedAuthority]:
    """Per state: `<MS>-INBOX` (coordinator, incoming-alerts mailbox), `<MS>-C` (coordinator),
    `<MS>-CFA` (coordinator with final approval), `<MS>-A` (authority linked to both
    coordinators) and `<MS>-A2` (authority linked to `<MS>-C`)."""
    out = []
    for ms in states:
        out += [
            SeedAuthority(f"{ms}-INBOX", ms, "alert_coordinator", is_alert_inbox=True),
            SeedAuthority(f"{ms}-C", ms, "alert_coordinator"),
            SeedAuthority(f"{ms}-CFA", ms, "alert_coordinator", final_approval=True),
            SeedAuthority(f"{ms}-A", ms, associated_coordinator_ids=(f"{ms}-C", f"{ms}-CFA")),
            SeedAuthority(f"{ms}-A2", ms, associated_coordinator_ids=(f"{ms}-C",)),
        ]
    return out


def _envelope(
    event_type: str, authority_id: str, member_state: str, payload: dict[str, Any]
) -> Envelope:
    return Envelope(
        event_type=event_type,
        schema_version="1.0",
        producer="directory",
        member_state=member_state,
        aggregate_type="authority",
        aggregate_id=authority_id,
        payload={"authority_id": authority_id, "member_state": member_state, **payload},
    )


def _now() -> str:
    return datetime.now(UTC).isoformat()


def authority_registered(a: SeedAuthority) -> Envelope:
    workflow = {
        "workflow": "alerts",
        "status": a.access,
        "role": a.role,
        "is_alert_inbox": a.is_alert_inbox,
        "parameters": {"final_approval": a.final_approval} if a.role == "alert_coordinator" else {},
        "associated_coordinator_ids": list(a.associated_coordinator_ids),
    }
    services = {
        "la_code": "services",
        "admin_role": "competent_authority" if a.role == "alert_authority" else "limic",
        "status": "active",
        "access_coordinator_id": f"{a.member_state}-NIMIC",
        "coordination_region": None,
        "keywords": [],
        "workflows": [workflow],
    }
    return _envelope(
        "authority.registered",
        a.authority_id,
        a.member_state,
        {
            "official_name": a.name or a.authority_id,
            "region": None,
            "email": f"{a.authority_id.lower()}@example.invalid",
            "status": a.status,
            "self_registered": False,
            "validating_coordinator_id": f"{a.member_state}-NIMIC",
            "horizontal_competence": False,
            "legislative_areas": [services],
            "registered_at": _now(),
            "actor_user_id": None,
        },
    )


def status_changed(
    authority_id: str, member_state: str, new_status: str, old_status: str | None = "active"
) -> Envelope:
    return _envelope(
        "authority.status_changed",
        authority_id,
        member_state,
        {"old_status": old_status, "new_status": new_status, "changed_at": _now()},
    )


def access_changed(
    authority_id: str,
    member_state: str,
    new_status: str | None,
    *,
    workflow: str | None = "alerts",
    old_status: str | None = "active",
    action: str = "changed",
) -> Envelope:
    return _envelope(
        "authority.access_changed",
        authority_id,
        member_state,
        {
            "la_code": "services",
            "workflow": workflow,
            "old_status": old_status,
            "new_status": new_status,
            "action": action,
            "changed_at": _now(),
        },
    )


def parameters_changed(authority_id: str, member_state: str, *, final_approval: bool) -> Envelope:
    return _envelope(
        "authority.parameters_changed",
        authority_id,
        member_state,
        {
            "la_code": "services",
            "workflow": "alerts",
            "parameters": {"final_approval": final_approval},
            "changed_at": _now(),
        },
    )


async def publish_directory_events(
    bootstrap: str, topics: Topics, envelopes: Sequence[Envelope]
) -> None:
    """Publish on each authority's state partition, keyed by its state (as the directory)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        sent = [
            await producer.send(
                topics.directory_events,
                e.to_bytes(),
                key=e.member_state.encode(),
                partition=partition_for(e.member_state),
            )
            for e in envelopes
        ]
        for future in sent:
            await future
    finally:
        await producer.stop()


async def seed_directory(
    bootstrap: str, topics: Topics, authorities: Iterable[SeedAuthority] | None = None
) -> list[str]:
    """Register `authorities` (default: `standard_authorities()`); returns their ids."""
    chosen = list(authorities if authorities is not None else standard_authorities())
    await publish_directory_events(bootstrap, topics, [authority_registered(a) for a in chosen])
    return [a.authority_id for a in chosen]
