"""ALR-010 / ALR-013: the mailboxes a broadcast reaches, per state, read in ONE query of the
directory read model whatever the number of states (issue 10: a broadcast to 29 states
asked 29 times inside its transaction)."""

from __future__ import annotations

from imi_alerts.adapters.directory_view import DirectoryReads
from imi_testkit import InMemoryDocuments


class CountingDocuments(InMemoryDocuments):
    def __init__(self, rows) -> None:
        super().__init__(rows)
        self.finds = 0

    async def find(self, where, *, sort=(), limit=0):
        self.finds += 1
        return await super().find(where, sort=sort, limit=limit)


def authority(authority_id: str, ms: str, *, inbox=True, status="active", **over) -> dict:
    alerts = {"role": "alert_coordinator", "is_alert_inbox": inbox, "access": "active"}
    alerts.update(over.pop("alerts", {}))
    return {
        "_id": authority_id,
        "member_state": ms,
        "status": status,
        "la_access": over.pop("la_access", "active"),
        "alerts": alerts,
        **over,
    }


async def test_alr_010_alr_013_inboxes_of_many_states_in_one_query():
    rows = {
        d["_id"]: d
        for d in [
            authority("FR-IN", "FR"),
            authority("DE-IN2", "DE"),
            authority("DE-IN1", "DE"),
            authority("DE-SUSP", "DE", status="suspended"),
            authority("DE-NOT", "DE", inbox=False),
            authority("IT-LA", "IT", la_access="suspended"),
            authority("IT-WF", "IT", alerts={"access": "removed"}),
            authority("IT-GONE", "IT", deleted=True),
            authority("ES-IN", "ES"),  # a state not asked for
        ]
    }
    documents = CountingDocuments(rows)
    found = await DirectoryReads(documents).inboxes(["FR", "DE", "BE", "IT", "FR"])
    assert found == {"FR": ["FR-IN"], "DE": ["DE-IN1", "DE-IN2"], "BE": [], "IT": []}
    assert list(found) == ["FR", "DE", "BE", "IT"]
    assert documents.finds == 1
