"""X-029 plumbing: handler writes, outbox and processed-event marker in one transaction."""

import pytest

from imi_shared.envelope import Envelope, Event


class ThingDone(Event):
    event_type = "thing.done"
    aggregate_type = "thing"
    name: str


def _envelope(name: str, ms: str = "FR") -> Envelope:
    return Envelope.wrap(ThingDone(name=name), producer="test", member_state=ms, aggregate_id=name)


async def test_same_event_delivered_three_times_has_one_effect(uow, topics):
    incoming = _envelope("in")

    async def work(tx):
        await tx.db.effects.insert_one({"from": str(incoming.event_id)}, session=tx.session)
        tx.emit(_envelope("out"), topics.alerts_events)
        return "done"

    outcomes = [await uow.run(work, consumed=incoming, consumer="c1") for _ in range(3)]
    assert [o.duplicate for o in outcomes] == [False, True, True]
    assert outcomes[0].value == "done"
    assert await uow.db.effects.count_documents({}) == 1
    assert await uow.db.outbox.count_documents({}) == 1
    # another consumer of the same event is a different effect
    again = await uow.run(work, consumed=incoming, consumer="c2")
    assert not again.duplicate
    assert await uow.db.effects.count_documents({}) == 2


async def test_failed_work_writes_neither_state_nor_events(uow, topics):
    async def work(tx):
        await tx.db.effects.insert_one({"x": 1}, session=tx.session)
        tx.emit(_envelope("lost"), topics.alerts_events)
        raise RuntimeError("handler failed")

    with pytest.raises(RuntimeError, match="handler failed"):
        await uow.run(work)
    assert await uow.db.effects.count_documents({}) == 0
    assert await uow.db.outbox.count_documents({}) == 0


async def test_outbox_numbers_rows_per_aggregate_one_row_per_transaction(uow, topics):
    """Issue 10: a transaction's events for one aggregate share one row (one insert, one
    sent mark), in emission order; rows are numbered per aggregate."""
    emitted: list[list[str]] = []

    async def work(tx):
        mine = [_envelope("a") for _ in range(3)]
        for env in mine:
            tx.emit(env, topics.alerts_events)
        tx.emit(_envelope("b", "DE"), topics.alerts_events)
        emitted.append([str(env.event_id) for env in mine])

    await uow.run(work)
    await uow.run(work)
    rows = await uow.outbox.pending(100)
    seqs = [(r["aggregate"], r["seq"], [e["partition"] for e in r["events"]]) for r in rows]
    assert [s[1] for s in seqs if s[0] == "thing:a"] == [1, 2]
    assert [s[1] for s in seqs if s[0] == "thing:b"] == [1, 2]
    assert {p for s in seqs if s[0] == "thing:b" for p in s[2]} == {5}  # DE's partition
    a_rows = [r for r in rows if r["aggregate"] == "thing:a"]
    assert [[e["event_id"] for e in r["events"]] for r in a_rows] == emitted
    assert [r["_id"] for r in a_rows] == [ids[0] for ids in emitted]


def test_write_conflicts_and_unknown_commits_are_transient_other_errors_are_not():
    from pymongo.errors import DuplicateKeyError, OperationFailure

    from imi_shared.mongo import is_transient

    assert is_transient(OperationFailure("WriteConflict", code=112))
    labelled = OperationFailure(
        "x", code=251, details={"errorLabels": ["TransientTransactionError"]}
    )
    assert is_transient(labelled)
    assert not is_transient(DuplicateKeyError("E11000", code=11000))
    assert not is_transient(OperationFailure("bad", code=2))
    assert not is_transient(ValueError("not a database error"))
