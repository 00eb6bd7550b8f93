"""`directory_view`: this deployment's read model of the directory, for authorisation (X-054).

One document per authority: `{_id, member_state, status, name, la_access, alerts}` where
`alerts` is the authority's alerts workflow in the services LA (role, inbox flag, access
status, `final_approval`, associated coordinators) or null when it has none.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pymongo import ASCENDING

from imi_shared.documents import Documents, MongoDocuments

COLLECTION = "directory_view"

_LA_BLOCKING = {
    "requested",
    "suspended",
    "suspended_reactivation_requested",
    "removed",
    "removed_reactivation_requested",
}


class DirectoryReads:
    """What the handlers read of the directory read model, on the `Documents` port (the
    transaction's collection, or the in-memory fake of handler tests)."""

    def __init__(self, documents: Documents) -> None:
        self.documents = documents

    @classmethod
    def within(cls, tx) -> DirectoryReads:
        return cls(tx.documents(COLLECTION))

    async def get(self, authority_id: str) -> dict[str, Any] | None:
        doc = await self.documents.get(authority_id)
        return None if doc is None or doc.get("deleted") else doc

    async def many(self, authority_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        ids = list(dict.fromkeys(authority_ids))
        found = await self.documents.find({"_id": {"$in": ids}})
        return {d["_id"]: d for d in found if not d.get("deleted")}

    async def inboxes(self, member_states: Iterable[str]) -> dict[str, list[str]]:
        """Incoming-alerts mailboxes per state that may receive new alerts (ALR-010, ALR-013),
        in one query whatever the number of states (issue 10: a broadcast to 29 states asked
        29 times, inside its transaction)."""
        states = list(dict.fromkeys(member_states))
        out: dict[str, list[str]] = {ms: [] for ms in states}
        found = await self.documents.find(
            {"member_state": {"$in": states}, "alerts.is_alert_inbox": True}, sort=[("_id", 1)]
        )
        for d in found:
            if (
                d.get("member_state") in out
                and not d.get("deleted")
                and d.get("status") == "active"
                and workflow_access(d) == "active"
            ):
                out[d["member_state"]].append(d["_id"])
        return out


class DirectoryView(DirectoryReads):
    """The read model over MongoDB: the reads, and the writes of the directory events."""

    def __init__(self, db, session=None) -> None:
        self.collection = db[COLLECTION]
        self.session = session
        super().__init__(MongoDocuments(self.collection, session))

    @staticmethod
    async def ensure_indexes(db) -> None:
        await db[COLLECTION].create_index(
            [("member_state", ASCENDING), ("alerts.is_alert_inbox", ASCENDING)]
        )

    # -- writes (from directory events) ------------------------------------------------------
    async def put(self, authority_id: str, fields: dict[str, Any]) -> None:
        await self.collection.update_one(
            {"_id": authority_id}, {"$set": fields}, upsert=True, session=self.session
        )

    async def put_alerts(self, authority_id: str, fields: dict[str, Any]) -> None:
        """Set fields of the authority's alerts workflow (created if it had none)."""
        await self.collection.update_one(
            {"_id": authority_id, "alerts": {"$in": [None, {}]}},
            {
                "$set": {
                    "alerts": {
                        "role": None,
                        "is_alert_inbox": False,
                        "access": None,
                        "final_approval": False,
                        "associated_coordinator_ids": [],
                    }
                }
            },
            session=self.session,
        )
        await self.put(authority_id, {f"alerts.{k}": v for k, v in fields.items()})


def workflow_access(doc: dict[str, Any]) -> str:
    """The effective alerts-workflow access: the workflow's, unless the LA access blocks it."""
    alerts = doc.get("alerts") or {}
    access = alerts.get("access") or "removed"
    la_access = doc.get("la_access") or "active"
    return la_access if la_access in _LA_BLOCKING else access
