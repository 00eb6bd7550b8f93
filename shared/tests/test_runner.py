"""The load-decide-save-emit runner, on the kernel's in-memory fakes (X-029)."""

from typing import ClassVar

import pytest

from imi_shared.envelope import Envelope, Event
from imi_shared.errors import Conflict, InvalidInput
from imi_shared.runner import CommandRunner
from imi_testkit import FakeClock, FakeUnitOfWork
from imi_testkit.contracts import Things


class Counted(Event):
    event_type: ClassVar[str] = "thing.counted"
    aggregate_type: ClassVar[str] = "thing"
    aggregate_id_field: ClassVar[str] = "thing_id"
    thing_id: str
    n: int


def emit(tx, events):
    envelopes = [Envelope.wrap(e, producer="test", member_state="FR") for e in events]
    for envelope in envelopes:
        tx.emit(envelope, "test.events")
    return envelopes


def runner(uow):
    return CommandRunner(uow, Things, emit, clock=FakeClock())


async def count(thing, step):
    if thing["n"] >= 2:
        raise InvalidInput("X-029", "counted enough", "n")
    thing["n"] += 1
    return [Counted(thing_id=thing["id"], n=thing["n"])]


async def test_change_loads_decides_saves_and_emits_in_one_unit():
    uow = FakeUnitOfWork()
    created = await runner(uow).create(lambda step: ({"id": "t", "n": 0}, []))
    assert created.version == 1
    result = await runner(uow).change("t", count)
    assert (result.version, result.aggregate["n"], result.event_types) == (2, 1, ["thing.counted"])
    assert [e.aggregate_id for e in uow.published()] == ["t"]  # declared on the event


async def test_a_refusal_saves_nothing_and_emits_nothing():
    uow = FakeUnitOfWork()
    await runner(uow).create(lambda step: ({"id": "t", "n": 2}, []))
    with pytest.raises(InvalidInput):
        await runner(uow).change("t", count)
    assert uow.collections["things"]["t"]["version"] == 1
    assert uow.published() == []


async def test_a_stale_expected_version_is_a_conflict():
    uow = FakeUnitOfWork()
    await runner(uow).create(lambda step: ({"id": "t", "n": 0}, []))
    await runner(uow).change("t", count)
    with pytest.raises(Conflict):
        await runner(uow).change("t", count, expected_version=1)


async def test_a_redelivered_event_has_no_second_effect():
    uow = FakeUnitOfWork()
    await runner(uow).create(lambda step: ({"id": "t", "n": 0}, []))
    cause = Envelope.wrap(Counted(thing_id="x", n=0), producer="other", member_state="DE")
    first = await runner(uow).change("t", count, consumed=cause, consumer="counter")
    again = await runner(uow).change("t", count, consumed=cause, consumer="counter")
    assert not first.duplicate and again.duplicate
    assert uow.collections["things"]["t"]["n"] == 1


async def test_delete_removes_and_emits():
    uow = FakeUnitOfWork()
    await runner(uow).create(lambda step: ({"id": "t", "n": 0}, []))
    result = await runner(uow).delete("t", lambda thing, step: [Counted(thing_id="t", n=-1)])
    assert result.aggregate is None and uow.collections["things"] == {}
    assert result.event_types == ["thing.counted"]


async def test_the_step_carries_the_clocks_time():
    uow, clock = FakeUnitOfWork(), FakeClock()
    seen = []
    run = CommandRunner(uow, Things, emit, clock=clock)
    await run.create(lambda step: (seen.append(step.now) or {"id": "t", "n": 0}, []))
    assert seen == [clock.now]


async def test_in_transaction_runs_the_command_inside_a_consumers_open_transaction():
    """The consumer's transaction (its processed-event marker) and the command commit as one."""
    from imi_shared.runner import InTransaction

    uow = FakeUnitOfWork()
    await runner(uow).create(lambda step: ({"id": "t", "n": 0}, []))
    cause = Envelope.wrap(Counted(thing_id="x", n=0), producer="other", member_state="DE")

    async def consume(tx):
        return await CommandRunner(InTransaction(tx), Things, emit).change("t", count)

    first = await uow.run(consume, consumed=cause, consumer="counter")
    again = await uow.run(consume, consumed=cause, consumer="counter")
    assert first.value.version == 2 and again.duplicate
    assert uow.collections["things"]["t"]["n"] == 1 and len(uow.published()) == 1


async def test_the_one_topic_publisher_keys_by_the_named_participant_field():
    from imi_shared.publishing import TopicPublisher

    uow = FakeUnitOfWork()

    class Sent(Event):
        event_type: ClassVar[str] = "thing.sent"
        aggregate_type: ClassVar[str] = "thing"
        aggregate_id_field: ClassVar[str] = "thing_id"
        thing_id: str
        requesting_member_state: str

    publish = TopicPublisher("test", "t.events", member_state_field="requesting_member_state")

    async def work(tx):
        return publish(tx, [Sent(thing_id="t9", requesting_member_state="DE")])

    (envelope,) = (await uow.run(work)).value
    (pending,) = uow.outbox
    assert (envelope.member_state, envelope.aggregate_id, envelope.producer) == ("DE", "t9", "test")
    assert (pending.topic, pending.key) == ("t.events", "DE")
