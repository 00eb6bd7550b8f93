"""Issue 12: an aggregate written through a `VersionedRepository` with `aggregate_type` numbers
its outbox rows by the version written (no counter round trip); what a transaction emits for
an aggregate it did not write keeps the counter, as a sequence of its own (X-029)."""

import asyncio
from typing import Any, ClassVar

import pytest

from imi_shared.envelope import Envelope, Event
from imi_shared.errors import Conflict
from imi_shared.outbox.store import COUNTERS, VERSIONED
from imi_shared.repository import VersionedRepository


class ThingNoted(Event):
    event_type = "thing.noted"
    aggregate_type = "thing"
    note: str


class Things(VersionedRepository[dict]):
    collection: ClassVar[str] = "things"
    aggregate_type: ClassVar[str | None] = "thing"

    def identity(self, aggregate: dict) -> str:
        return aggregate["id"]

    def to_document(self, aggregate: dict) -> dict[str, Any]:
        return {"notes": aggregate["notes"]}

    def from_document(self, document: dict) -> dict:
        return {"id": document["_id"], "notes": document["notes"]}


class UnnumberedThings(Things):
    aggregate_type: ClassVar[str | None] = None


def _noted(thing_id: str, note: str) -> Envelope:
    return Envelope.wrap(
        ThingNoted(note=note), producer="test", member_state="FR", aggregate_id=thing_id
    )


def _emit(tx, topics, thing_id: str, *notes: str) -> None:
    for note in notes:
        tx.emit(_noted(thing_id, note), topics.alerts_events)


async def _rows(uow, thing_id: str) -> list[dict]:
    cursor = uow.db.outbox.find({"aggregate": {"$regex": f"^thing:{thing_id}"}}).sort("seq", 1)
    return [
        {
            "aggregate": r["aggregate"],
            "seq": r["seq"],
            "notes": [e["envelope"]["payload"]["note"] for e in r["events"]],
        }
        for r in await cursor.to_list(None)
    ]


async def test_x_029_rows_of_a_written_aggregate_are_numbered_by_its_version(uow, topics):
    async def create(tx):
        await Things(tx).add({"id": "t1", "notes": []})
        _emit(tx, topics, "t1", "created")

    async def note(tx, text):
        repo = Things(tx)
        thing = await repo.get("t1")
        thing["notes"].append(text)
        await repo.save(thing)
        _emit(tx, topics, "t1", text, f"{text}-again")

    async def quiet(tx):  # a save that emits nothing: its number is skipped
        repo = Things(tx)
        await repo.save(await repo.get("t1"))

    await uow.run(create)
    await uow.run(lambda tx: note(tx, "first"))
    await uow.run(quiet)
    await uow.run(lambda tx: note(tx, "second"))

    assert await _rows(uow, "t1") == [
        {"aggregate": f"thing:t1{VERSIONED}", "seq": 1, "notes": ["created"]},
        {"aggregate": f"thing:t1{VERSIONED}", "seq": 2, "notes": ["first", "first-again"]},
        {"aggregate": f"thing:t1{VERSIONED}", "seq": 4, "notes": ["second", "second-again"]},
    ]
    assert await uow.db[COUNTERS].count_documents({}) == 0  # no counter round trip at all


async def test_x_029_a_deletion_is_numbered_after_the_last_version(uow, topics):
    async def create(tx):
        await Things(tx).add({"id": "t2", "notes": []})
        _emit(tx, topics, "t2", "created")

    async def delete(tx):
        repo = Things(tx)
        await repo.delete(await repo.get("t2"))
        _emit(tx, topics, "t2", "deleted")

    await uow.run(create)
    await uow.run(delete)
    assert [(r["seq"], r["notes"]) for r in await _rows(uow, "t2")] == [
        (1, ["created"]),
        (2, ["deleted"]),
    ]


async def test_x_029_emitting_for_an_aggregate_not_written_keeps_the_counter(uow, topics):
    """A relayed command or a report record: the transaction only reads the aggregate, so its
    rows are a counter sequence of their own, `thing:<id>` beside `thing:<id>#version`."""

    async def create(tx):
        await Things(tx).add({"id": "t3", "notes": []})
        _emit(tx, topics, "t3", "created")

    async def read_and_emit(tx, text):
        await Things(tx).get("t3")
        _emit(tx, topics, "t3", text)

    await uow.run(create)
    await uow.run(lambda tx: read_and_emit(tx, "relayed-1"))
    await uow.run(lambda tx: read_and_emit(tx, "relayed-2"))
    rows = await _rows(uow, "t3")
    assert sorted((r["aggregate"], r["seq"], r["notes"][0]) for r in rows) == [
        ("thing:t3", 1, "relayed-1"),
        ("thing:t3", 2, "relayed-2"),
        (f"thing:t3{VERSIONED}", 1, "created"),
    ]


async def test_x_029_a_repository_without_aggregate_type_keeps_the_counter(uow, topics):
    async def create(tx):
        await UnnumberedThings(tx).add({"id": "t4", "notes": []})
        _emit(tx, topics, "t4", "created")

    await uow.run(create)
    assert [(r["aggregate"], r["seq"]) for r in await _rows(uow, "t4")] == [("thing:t4", 1)]
    assert await uow.db[COUNTERS].find_one({"_id": "thing:t4"}) is not None


async def test_x_029_two_writers_of_one_version_serialise_and_rows_follow_commit_order(uow, topics):
    """The version does what the counter did: concurrent writers of version n conflict (one
    retries on version n+1), so a visible row n means every row before it is visible."""

    async def create(tx):
        await Things(tx).add({"id": "t5", "notes": []})

    await uow.run(create)
    both_loaded = asyncio.Event()
    loaded = 0

    async def note(tx, text):
        nonlocal loaded
        repo = Things(tx)
        thing = await repo.get("t5")
        loaded += 1
        if loaded >= 2:
            both_loaded.set()
        await asyncio.wait_for(both_loaded.wait(), 5)  # both read version 1 before writing
        thing["notes"].append(text)
        await repo.save(thing)
        _emit(tx, topics, "t5", text)

    await asyncio.gather(uow.run(lambda tx: note(tx, "a")), uow.run(lambda tx: note(tx, "b")))
    rows = await _rows(uow, "t5")
    assert [r["seq"] for r in rows] == [2, 3]
    stored = await uow.db.things.find_one({"_id": "t5"})
    assert stored["version"] == 3
    assert [r["notes"][0] for r in rows] == stored["notes"]  # rows in the order of the writes
    assert loaded >= 3  # the loser of the conflict ran again on the new version


async def test_x_029_a_stale_save_is_refused_before_any_row_is_numbered():
    class Tx:
        def __init__(self) -> None:
            self.numbered: dict[str, int] = {}

        def documents(self, collection):
            class Docs:
                async def replace(self, document, *, expected_version):
                    return False

            return Docs()

        def number_outbox_rows(self, aggregate, version):
            self.numbered[aggregate] = version

    tx = Tx()
    repo = Things(tx)
    repo._versions["t6"] = 1
    with pytest.raises(Conflict):
        await repo.save({"id": "t6", "notes": []})
    assert tx.numbered == {}
