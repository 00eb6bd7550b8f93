"""Contract scenarios the in-memory fakes and the MongoDB adapters must both pass.

Each scenario takes a `Backend` (a unit of work plus a way to read what reached its outbox);
`shared/tests/test_port_contracts.py` runs every scenario against `FakeUnitOfWork` and against
the real `UnitOfWork` on the local MongoDB-protocol server. A fake that drifts from the real
adapter fails here, not in a handler test that trusted it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from imi_shared.documents import DuplicateDocument
from imi_shared.envelope import Envelope, Event
from imi_shared.errors import Conflict, NotFound
from imi_shared.repository import VersionedRepository


@dataclass
class Backend:
    uow: Any
    outbox_types: Callable[[], Awaitable[list[str]]]


class Thing(Event):
    event_type: ClassVar[str] = "thing.happened"
    aggregate_type: ClassVar[str] = "thing"
    aggregate_id_field: ClassVar[str] = "thing_id"
    thing_id: str


def _envelope(thing_id: str = "t1") -> Envelope:
    return Envelope.wrap(Thing(thing_id=thing_id), producer="contract", member_state="FR")


class Things(VersionedRepository[dict]):
    collection = "things"
    rule = "X-029"

    def identity(self, aggregate: dict) -> str:
        return aggregate["id"]

    def to_document(self, aggregate: dict) -> dict:
        return dict(aggregate)

    def from_document(self, document: dict) -> dict:
        return {k: v for k, v in document.items() if k not in ("_id", "version")}


async def documents_insert_get_and_duplicate(b: Backend) -> None:
    async def insert(tx):
        await tx.documents("things").insert({"_id": "a", "version": 1, "n": 1})

    async def insert_again(tx):
        await tx.documents("things").insert({"_id": "a", "version": 1, "n": 2})

    async def read(tx):
        docs = tx.documents("things")
        return await docs.get("a"), await docs.get("missing")

    await b.uow.run(insert)
    try:  # MongoDB aborts the whole transaction on a duplicate key: so must the fake
        await b.uow.run(insert_again)
    except DuplicateDocument:
        pass
    else:
        raise AssertionError("a duplicate _id was accepted")
    found, missing = (await b.uow.run(read)).value
    assert found == {"_id": "a", "version": 1, "n": 1}
    assert missing is None


async def documents_replace_and_delete_check_the_version(b: Backend) -> None:
    async def work(tx):
        docs = tx.documents("things")
        await docs.insert({"_id": "a", "version": 1})
        stale = await docs.replace({"_id": "a", "version": 9}, expected_version=8)
        fresh = await docs.replace({"_id": "a", "version": 2}, expected_version=1)
        stale_delete = await docs.delete("a", expected_version=1)
        deleted = await docs.delete("a", expected_version=2)
        return stale, fresh, stale_delete, deleted, await docs.get("a")

    assert (await b.uow.run(work)).value == (False, True, False, True, None)


async def documents_find_filters_sorts_and_limits(b: Backend) -> None:
    rows = [
        {"_id": "a", "version": 1, "ms": "FR", "n": 3, "tags": ["x", "y"], "sub": {"k": 1}},
        {"_id": "b", "version": 1, "ms": "DE", "n": 1, "tags": [], "sub": {"k": 2}},
        {"_id": "c", "version": 1, "ms": "FR", "n": 2, "tags": ["y"]},
    ]

    async def work(tx):
        docs = tx.documents("things")
        for row in rows:
            await docs.insert(row)

        async def ids(where, **kw):
            return [d["_id"] for d in await docs.find(where, **kw)]

        return [
            await ids({"ms": "FR"}, sort=[("n", 1)]),
            await ids({"tags": "y"}, sort=[("_id", -1)]),
            await ids({"_id": {"$in": ["a", "b", "z"]}}, sort=[("_id", 1)]),
            await ids({"ms": {"$ne": "FR"}}),
            await ids({"n": {"$lte": 2}}, sort=[("n", -1)]),
            await ids({"sub.k": {"$gt": 1}}),
            await ids({"sub": {"$exists": False}}),
            await ids({}, sort=[("n", 1)], limit=2),
            await ids({"tags": {"$nin": ["x"]}}, sort=[("_id", 1)]),
        ]

    assert (await b.uow.run(work)).value == [
        ["c", "a"],
        ["c", "a"],
        ["a", "b"],
        ["b"],
        ["c", "b"],
        ["b"],
        ["c"],
        ["b", "c"],
        ["b", "c"],
    ]


async def failed_work_leaves_no_state_and_no_event(b: Backend) -> None:
    async def work(tx):
        await tx.documents("things").insert({"_id": "gone", "version": 1})
        tx.emit(_envelope("gone"), "contract.topic")
        raise RuntimeError("the handler failed")

    try:
        await b.uow.run(work)
    except RuntimeError:
        pass
    else:
        raise AssertionError("the failure was swallowed")

    async def look(tx):
        return await tx.documents("things").get("gone")

    assert (await b.uow.run(look)).value is None
    assert await b.outbox_types() == []


async def committed_events_reach_the_outbox_once_per_consumed_event(b: Backend) -> None:
    cause = _envelope("cause")

    async def work(tx):
        tx.emit(_envelope("t1"), "contract.topic")
        return "done"

    first = await b.uow.run(work, consumed=cause, consumer="contract")
    again = await b.uow.run(work, consumed=cause, consumer="contract")
    assert (first.value, first.duplicate) == ("done", False)
    assert (again.value, again.duplicate) == (None, True)
    assert await b.outbox_types() == ["thing.happened"]


async def versioned_repository_refuses_stale_and_missing(b: Backend) -> None:
    async def create(tx):
        return await Things(tx).add({"id": "t", "n": 0})

    assert (await b.uow.run(create)).value == 1

    async def bump(tx):
        repo = Things(tx)
        thing = await repo.get("t", expected_version=1)
        thing["n"] += 1
        return await repo.save(thing)

    assert (await b.uow.run(bump)).value == 2
    for refused, expected in (
        (lambda repo: repo.get("t", expected_version=1), Conflict),
        (lambda repo: repo.get("nope"), NotFound),
        (lambda repo: repo.add({"id": "t", "n": 5}), Conflict),
    ):

        async def attempt(tx, refused=refused):
            return await refused(Things(tx))

        try:
            await b.uow.run(attempt)
        except expected as exc:
            assert exc.rule_id == "X-029"
        else:
            raise AssertionError(f"expected {expected.__name__}")

    async def concurrent(tx):
        mine, theirs = Things(tx), Things(tx)
        a, b_ = await mine.get("t"), await theirs.get("t")
        await theirs.save(b_)
        try:
            await mine.save(a)
        except Conflict:
            return "refused"
        return "overwritten"

    assert (await b.uow.run(concurrent)).value == "refused"


SCENARIOS = [
    documents_insert_get_and_duplicate,
    documents_replace_and_delete_check_the_version,
    documents_find_filters_sorts_and_limits,
    failed_work_leaves_no_state_and_no_event,
    committed_events_reach_the_outbox_once_per_consumed_event,
    versioned_repository_refuses_stale_and_missing,
]
