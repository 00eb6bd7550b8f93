"""`alerts`: the Alert aggregates that ORIGINATE in this deployment's scope (authoritative).

A document holds the aggregate (`state`, the domain's JSON), a `version` for optimistic
concurrency, the sequence counters of each participant's copy (`copy_seq`), and the indexed
fields that lists, searches and the period job query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING

from ..domain import Alert, AlertStatus, Conflict, NotFound

COLLECTION = "alerts"
_INDEXED = (
    "status",
    "launching_ms",
    "launching_authority_id",
    "service_activity_code",
    "establishment_ms",
    "broadcast_at",
    "authority_ids",
    "coordinator_ids",
    "period_due_at",
)


@dataclass
class StoredAlert:
    alert: Alert
    version: int = 0
    copy_seq: dict[str, int] = field(default_factory=dict)

    def next_seq(self, participant: str) -> int:
        self.copy_seq[participant] = self.copy_seq.get(participant, 0) + 1
        return self.copy_seq[participant]


class AlertRepository:
    def __init__(self, db, session=None) -> None:
        self.collection = db[COLLECTION]
        self.session = session

    @staticmethod
    async def ensure_indexes(db) -> None:
        collection = db[COLLECTION]
        for name in _INDEXED:
            await collection.create_index(name)
        await collection.create_index("number", unique=True)
        await collection.create_index([("launched_at", DESCENDING)])

    async def get(self, alert_id: str) -> StoredAlert:
        stored = await self.find_one(alert_id)
        if stored is None:
            raise NotFound("ALR-080", f"no alert {alert_id} in this deployment")
        return stored

    async def find_one(self, alert_id: str) -> StoredAlert | None:
        doc = await self.collection.find_one({"_id": alert_id}, session=self.session)
        if doc is None:
            return None
        return StoredAlert(
            Alert.model_validate(doc["state"]), doc["version"], dict(doc.get("copy_seq") or {})
        )

    async def add(self, stored: StoredAlert) -> None:
        await self.collection.insert_one(
            {"_id": stored.alert.alert_id, **_document(stored), "version": 1}, session=self.session
        )
        stored.version = 1

    async def save(self, stored: StoredAlert) -> None:
        result = await self.collection.update_one(
            {"_id": stored.alert.alert_id, "version": stored.version},
            {"$set": {**_document(stored), "version": stored.version + 1}},
            session=self.session,
        )
        if result.matched_count != 1:
            raise Conflict("ALR-080", "the alert was changed by someone else; try again")
        stored.version += 1

    async def find(self, query: dict[str, Any], *, limit: int) -> list[Alert]:
        cursor = (
            self.collection.find(query, {"state": 1}, session=self.session)
            .sort("launched_at", DESCENDING)
            .limit(limit)
        )
        return [Alert.model_validate(d["state"]) async for d in cursor]

    async def due_for_period_check(self, now: datetime, limit: int = 100) -> list[str]:
        cursor = self.collection.find(
            {"period_due_at": {"$lte": now}}, {"_id": 1}, session=self.session
        ).sort("period_due_at", ASCENDING)
        return [d["_id"] async for d in cursor.limit(limit)]

    async def with_coordinator(self, coordinator_id: str) -> list[str]:
        cursor = self.collection.find(
            {"coordinator_ids": coordinator_id}, {"_id": 1}, session=self.session
        )
        return [d["_id"] async for d in cursor]


def _document(stored: StoredAlert) -> dict[str, Any]:
    alert = stored.alert
    content = alert.content
    return {
        "state": alert.model_dump(mode="json"),
        "copy_seq": stored.copy_seq,
        "number": alert.ref_no,
        "status": alert.status.value,
        "launching_ms": alert.launching_ms,
        "launching_authority_id": alert.launching_authority_id,
        "launched_at": alert.launched_at,
        "service_activity_code": content.service_activity_code,
        "establishment_ms": content.establishment_ms,
        "broadcast_at": alert.broadcast_at,
        "authority_ids": sorted(_taking_part(alert)),
        "coordinator_ids": sorted(_coordinators(alert)),
        "period_due_at": _period_due_at(alert),
    }


def _taking_part(alert: Alert) -> set[str]:
    """Authorities for which the alert may appear in a list (the domain decides exactly)."""
    ids = {alert.launching_authority_id} | alert.involved_coordinator_ids()
    if alert.selected_coordinator is not None:
        ids.add(alert.selected_coordinator.authority_id)
    for delivery in alert.deliveries.values():
        ids.update(r.authority_id for r in delivery.recipients)
    return ids


def _coordinators(alert: Alert) -> set[str]:
    ids = set(alert.involved_coordinator_ids())
    if alert.selected_coordinator is not None:
        ids.add(alert.selected_coordinator.authority_id)
    return ids


def _period_due_at(alert: Alert) -> datetime | None:
    """When the period job must look at this alert again (ALR-044, ALR-046)."""
    proposal = alert.closure
    if proposal is None:
        return None
    if alert.status is AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS:
        return proposal.comment_period_ends_at
    if alert.status is AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS and (
        not proposal.objection_period_ended
    ):
        return proposal.objection_period_ends_at
    return None
