"""`alerts`: the Alert aggregates that ORIGINATE in this deployment's scope (authoritative).

A document holds the aggregate (`state`, the domain's JSON), a `version` for optimistic
concurrency, the sequence counters of each participant's copy (`copy_seq`), and the indexed
fields that lists, searches and the period job query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pymongo import DESCENDING

from imi_shared.documents import Document, MongoDocuments
from imi_shared.repository import VersionedRepository

from ..domain import Alert, AlertStatus, AlertUnknown, Conflict, NotFound

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
    copy_seq: dict[str, int] = field(default_factory=dict)
    #: history entries the copies were already told of: those of the alert as loaded (a
    #: command's change sends the copies only the entries it added, issue 10)
    history_sent: int = 0

    def next_seq(self, participant: str) -> int:
        self.copy_seq[participant] = self.copy_seq.get(participant, 0) + 1
        return self.copy_seq[participant]


class AlertNotHere(AlertUnknown):
    """ALR-080: the alert is not held by this deployment (it may be relayed to its origin);
    answered like any unknown alert (X-010)."""


class _Outside:
    """The `documents` of a database outside any transaction (reads, the period job's scan)."""

    def __init__(self, db) -> None:
        self.db = db

    def documents(self, collection: str) -> MongoDocuments:
        return MongoDocuments(self.db[collection])


class AlertRepository(VersionedRepository[StoredAlert]):
    collection = COLLECTION
    rule = "ALR-080"

    @classmethod
    def reading(cls, db) -> AlertRepository:
        """A repository over `db` outside a unit of work (reads only)."""
        return cls(_Outside(db))

    @staticmethod
    async def ensure_indexes(db) -> None:
        collection = db[COLLECTION]
        for name in _INDEXED:
            await collection.create_index(name)
        await collection.create_index("number", unique=True)
        await collection.create_index([("launched_at", DESCENDING)])

    def identity(self, aggregate: StoredAlert) -> str:
        return aggregate.alert.alert_id

    def to_document(self, aggregate: StoredAlert) -> Document:
        return _document(aggregate)

    def from_document(self, document: Document) -> StoredAlert:
        alert = Alert.model_validate(document["state"])
        history_sent = alert.history[-1].seq if alert.history else 0
        return StoredAlert(alert, dict(document.get("copy_seq") or {}), history_sent)

    def not_found(self, aggregate_id: str) -> NotFound:
        return AlertNotHere()

    def stale(self, aggregate_id: str) -> Conflict:
        return Conflict(self.rule, "the alert was changed by someone else; try again")

    async def listed(self, query: dict[str, Any], *, limit: int) -> list[Alert]:
        """The alerts matching a list query (ALR-077), the latest launched first."""
        found = await self.find_where(query, sort=[("launched_at", -1)], limit=limit)
        return [stored.alert for stored in found]

    async def due_for_period_check(self, now: datetime, limit: int = 100) -> list[str]:
        due = await self.find_where(
            {"period_due_at": {"$lte": now}}, sort=[("period_due_at", 1)], limit=limit
        )
        return [self.identity(stored) for stored in due]

    async def with_coordinator(self, coordinator_id: str) -> list[str]:
        found = await self.find_where({"coordinator_ids": coordinator_id})
        return [self.identity(stored) for stored in found]


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
