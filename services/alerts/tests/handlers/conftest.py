"""Handler tests in milliseconds: the alerts context over `FakeUnitOfWork` and `FakeClock`.

The directory read model is seeded as documents of `directory_view` (the shape its
subscriber writes); personal data are sealed with keys kept in memory. A drafted alert is put
in the fake `alerts` collection through `AlertRepository` (numbering needs the database)."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from imi_alerts.adapters.alert_repository import AlertRepository, StoredAlert
from imi_alerts.adapters.directory_view import DirectoryReads
from imi_alerts.domain import Alert
from imi_alerts.entrypoints.http.schemas import LaunchIn
from imi_alerts.handlers.actors import actor_for, coordinator_ref
from imi_alerts.handlers.context import AlertsContext
from imi_alerts.handlers.drafting import SENDING_CRITERIA
from imi_alerts.settings import AlertsSettings
from imi_alerts_testkit import alert_user, launch_body
from imi_shared.sealing import Sealer
from imi_testkit import FakeClock, FakeTransaction, FakeUnitOfWork


class MemoryKeys:
    """The `KeyStore` port in memory (crypto-shredding deletes the key)."""

    def __init__(self) -> None:
        self.keys: dict[str, bytes] = {}

    async def get(self, case_id: str) -> bytes | None:
        return self.keys.get(case_id)

    async def create_or_get(self, case_id: str) -> bytes:
        return self.keys.setdefault(case_id, os.urandom(32))

    async def shred(self, case_id: str) -> bool:
        return self.keys.pop(case_id, None) is not None


def authority(
    authority_id: str, ms: str, role: str = "alert_authority", *, inbox: bool = False, **alerts
) -> dict[str, Any]:
    return {
        "_id": authority_id,
        "member_state": ms,
        "name": authority_id,
        "status": "active",
        "la_access": "active",
        "deleted": False,
        "alerts": {
            "role": role,
            "is_alert_inbox": inbox,
            "access": "active",
            "final_approval": False,
            "associated_coordinator_ids": [],
            **alerts,
        },
    }


DIRECTORY = [
    authority("FR-A", "FR", associated_coordinator_ids=["FR-C"]),
    authority("FR-C", "FR", "alert_coordinator"),
    authority("FR-INBOX", "FR", "alert_coordinator", inbox=True),
    authority("DE-INBOX", "DE", "alert_coordinator", inbox=True),
]


@dataclass
class Handlers:
    ctx: AlertsContext
    uow: FakeUnitOfWork
    clock: FakeClock

    def user(self, authority_id: str, *rights: str):
        return alert_user(authority_id, authority_id.split("-")[0], *rights)

    async def drafted(self, number: str = "FR-2026-0001") -> str:
        """A saved draft of FR-A's, for coordinator FR-C, to DE (ALR-014, ALR-049)."""
        body = LaunchIn.model_validate(launch_body(coordinator_id="FR-C", recipients=["DE"]))
        tx = FakeTransaction(self.uow.collections)
        directory = DirectoryReads.within(tx)
        actor = await actor_for(self.user("FR-A", "handler"), directory)
        now = self.clock()
        alert = Alert.launch(
            alert_id=uuid.uuid4().hex,
            actor=actor,
            checklist=body.checklist,
            criteria=SENDING_CRITERIA,
            now=now,
            changes=body.changes(),
        )
        alert.select_coordinator(actor, await coordinator_ref(directory, "FR-C", "ALR-014"), now)
        alert.save_draft(actor, lambda _ms, _now: number, now)
        alert.pull_events()

        async def store(tx):
            await AlertRepository(tx).add(StoredAlert(alert))

        await self.uow.run(store)
        return alert.alert_id

    def stored(self, alert_id: str) -> dict[str, Any]:
        return self.uow.collections["alerts"][alert_id]


@pytest.fixture
def handlers() -> Handlers:
    uow = FakeUnitOfWork()
    uow.collections["directory_view"] = {d["_id"]: d for d in DIRECTORY}
    clock = FakeClock()
    ctx = AlertsContext(AlertsSettings(), uow, Sealer(MemoryKeys()), clock)  # type: ignore[arg-type]
    return Handlers(ctx, uow, clock)
