"""A shred at the owner reaches every deployment holding a share of the key (RET-013, RET-015).

The owner's tombstone is the outbox of the propagation: `MongoKeyStore(announce_shreds=True)`
marks each shred (`announce: true`), whoever made it (the retention path, `python -m
imi_shared.keys shred CASE_ID`, an operator), and the deployment's shred relay
(`shred_relay`, a kernel periodic job) turns each mark into one `case_key.shredded` event on
`imi.keys.events` through the service's transactional outbox, then clears the mark. At least
once: a relay stopped between the two announces again, and a repeat has no second effect.

Every sharing deployment consumes `imi.keys.events` (all partitions) and writes a tombstone for
the case (`apply_shred` → `MongoKeyStore.shred_copy`), even if it never imported the key: a share
of it read later from the bus (a deployment catching up) is then refused, not imported. The
tombstone of an imported key is never announced again (no echo).
"""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from pydantic import Field

from ..envelope import Envelope, Event, EventCatalog
from ..mongo import Transaction, UnitOfWork
from ..periodic import PeriodicJob
from .store import MongoKeyStore

BATCH = 200


class CaseKeyShredded(Event):
    """The data key of `case_id` was shredded by its owner deployment: shred your copy."""

    event_type: ClassVar[str] = "case_key.shredded"
    aggregate_type: ClassVar[str] = "case_key"
    aggregate_id_field: ClassVar[str | None] = "case_id"

    case_id: str = Field(min_length=1, max_length=200)
    owner: str = Field(pattern=r"^[A-Za-z0-9._:-]{1,64}$")


def keys_catalog() -> EventCatalog:
    return EventCatalog(CaseKeyShredded)


async def announce_shreds(
    store: MongoKeyStore,
    uow: UnitOfWork,
    topic: str,
    *,
    owner: str,
    member_state: str,
    producer: str,
) -> int:
    """Announce the marked tombstones (one outbox transaction per batch); the count announced."""
    docs = await store.collection.find({"announce": True}).to_list(BATCH)
    ours = [d["_id"] for d in docs if "imported_from" not in d and "shred_from" not in d]
    if ours:

        async def work(tx: Transaction) -> None:
            for case_id in ours:
                event = CaseKeyShredded(case_id=case_id, owner=owner)
                envelope = Envelope.wrap(event, producer=producer, member_state=member_state)
                tx.emit(envelope, topic, key=case_id)

        await uow.run(work)
    if docs:
        await store.collection.update_many(
            {"_id": {"$in": [d["_id"] for d in docs]}}, {"$unset": {"announce": ""}}
        )
    return len(ours)


def shred_relay(
    store: MongoKeyStore,
    uow: UnitOfWork,
    topic: str,
    *,
    owner: str,
    member_state: str,
    producer: str,
    every: timedelta = timedelta(seconds=1),
) -> PeriodicJob:
    """The relay as a kernel background job (`runtime.add_background(job)`); run it in ONE
    process of the deployment (two would only announce twice)."""

    async def run(_now) -> int:
        return await announce_shreds(
            store, uow, topic, owner=owner, member_state=member_state, producer=producer
        )

    return PeriodicJob("key-shred-relay", every, run)


async def apply_shred(store: MongoKeyStore, event: CaseKeyShredded, *, own_id: str) -> bool:
    """A `case_key.shredded` received: tombstone our copy (our own shred: nothing to do)."""
    if event.owner == own_id:
        return False
    return await store.shred_copy(event.case_id, owner=event.owner)
