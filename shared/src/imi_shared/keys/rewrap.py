"""KEK rotation: rewrap every data key under the current KEK, then retire the old KEK.

1. a new KEK becomes current (local: `python -m imi_shared.keys rotate FILE` puts a fresh KEK
   first in the keyring; KMS: create a key and pass its id as current). New data keys are
   wrapped with it at once; keys wrapped by the old KEK still open (the keyring keeps it).
2. the re-wrap job (`rewrap`, run by `rewrap_job` on one replica, or once by
   `python -m imi_shared.keys rewrap`) unwraps each data key still under another KEK and stores
   it wrapped by the current one. The data key itself does not change: nothing sealed with it is
   touched (Kafka history, outboxes and read models stay as they are).
3. when `kek_usage` shows the old KEK wraps nothing, it is retired (`retire`): removed from the
   keyring, disabled in the KMS. Nothing needs it any more.

A concurrent shred wins: the update only matches the document as it was read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ..clock import Clock, system_clock
from ..lease import Lease
from ..periodic import PeriodicJob
from .errors import KekUnavailable
from .store import MongoKeyStore, wrapped_fields

LEGACY = "(unwrapped)"  # kek_usage's name for keys stored before envelope encryption


@dataclass
class RewrapReport:
    rewrapped: int = 0
    skipped: int = 0  # shredded or rewrapped by someone else in between
    failed: dict[str, str] = field(default_factory=dict)  # key id -> reason (KEK unknown...)


async def rewrap(store: MongoKeyStore, *, batch: int = 500) -> RewrapReport:
    """Rewrap every data key not wrapped by the current KEK (legacy raw keys included)."""
    current = store.kek.current_id
    report = RewrapReport()
    stale = {"shredded_at": {"$exists": False}, "kek_id": {"$ne": current}}
    async for doc in store.collection.find(stale, batch_size=batch):
        case_id = doc["_id"]
        try:
            key = bytes(doc["key"]) if "wrapped_key" not in doc else await store.open(doc)
        except KekUnavailable as exc:
            report.failed[case_id] = str(exc)
            continue
        wrapped = await store.kek.wrap(key, case_id)
        was = (
            {"key": doc["key"]}
            if "wrapped_key" not in doc
            else {"kek_id": doc["kek_id"], "wrapped_key": doc["wrapped_key"]}
        )
        result = await store.collection.update_one(
            {"_id": case_id, "shredded_at": {"$exists": False}, **was},
            {
                "$set": {**wrapped_fields(wrapped), "rewrapped_at": datetime.now(UTC)},
                "$unset": {"key": ""},
            },
        )
        if result.modified_count == 1:
            report.rewrapped += 1
        else:
            report.skipped += 1
    return report


async def kek_usage(store: MongoKeyStore) -> dict[str, int]:
    """How many live data keys each KEK wraps (`LEGACY` for raw keys still to migrate)."""
    counts: Counter[str] = Counter()
    live = {"shredded_at": {"$exists": False}}
    async for doc in store.collection.find(live, projection={"kek_id": 1}):
        counts[doc.get("kek_id", LEGACY)] += 1
    return dict(counts)


def rewrap_job(
    store: MongoKeyStore,
    *,
    every: timedelta = timedelta(hours=1),
    clock: Clock = system_clock,
    lease: Lease | None = None,
) -> PeriodicJob:
    """The re-wrap job as a kernel background job (`runtime.add_background(job)`); production
    passes `lease=Lease(db, name="job:kek-rewrap", ...)` so one replica runs it."""

    async def run(_now) -> RewrapReport:
        return await rewrap(store)

    return PeriodicJob("kek-rewrap", every, run, clock=clock, lease=lease)
