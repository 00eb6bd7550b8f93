"""Issue 10: the inbox applies a batch of `alert.copy_updated` with ONE read and ONE bulk write
of the `inbox` collection (`adapters.inbox_batch`), with the same copies as one at a time.

The copies are the real ones the session's deployment received (read back from its topic);
they are applied again, in batches, to a database of the test's own through the real unit of
work, whose client counts the commands sent to `inbox`.
"""

from __future__ import annotations

import uuid
from collections import Counter

import pytest
from pymongo import monitoring

from imi_alerts.adapters.inbox_batch import WRITE_BEHIND, InboxWriteBehind
from imi_alerts.adapters.inbox_repository import StoredCopy
from imi_alerts.adapters.legacy_messages import deliveries_catalog
from imi_alerts.copies.model import InboxCopy
from imi_alerts.domain import Conflict
from imi_alerts.handlers.inbox import copy_receiver
from imi_shared.batching import BatchItem
from imi_shared.mongo import UnitOfWork, make_client
from imi_shared.participants import partition_for

from .test_personal_data import records_of

PARTICIPANTS = ("DE", "BE", "FR", "EU")  # recipients, the launching state, the Commission


class InboxCommands(monitoring.CommandListener):
    def __init__(self) -> None:
        self.sent: Counter[str] = Counter()

    def started(self, event) -> None:
        if event.command.get(event.command_name) == "inbox":
            self.sent[event.command_name] += 1

    def succeeded(self, event) -> None:
        pass

    def failed(self, event) -> None:
        pass


@pytest.fixture
async def counted(infra, db_name):
    listener = InboxCommands()
    client = make_client(infra.mongo_uri, event_listeners=[listener])
    yield UnitOfWork(client, db_name), listener
    await client.close()


async def copies_of(world, alert_id: str) -> list:
    partitions = [partition_for(p) for p in PARTICIPANTS]
    found = await records_of(
        world, world.topics.alerts_deliveries, alert_id, partitions, "alert.copy_updated"
    )
    return [envelope for _, envelope in found]


def batch(world, envelopes) -> list[BatchItem]:
    receive = copy_receiver(world.ctx)
    items = []
    for envelope in envelopes:
        event = deliveries_catalog().decode(envelope)

        async def work(tx, event=event, envelope=envelope):
            await receive(event, envelope, tx)

        items.append(BatchItem(envelope, work, event))
    return items


def fresh_ids(envelopes):
    """The same messages under other event ids (not repeats for the markers)."""
    return [e.model_copy(update={"event_id": uuid.uuid4()}) for e in envelopes]


async def test_issue_10_alr_021_a_batch_of_copies_is_one_read_and_one_bulk_write(
    world, api, user, counted
):
    """4 new copies, then DE's acknowledgement change with a repeat of BE's first copy: each
    batch reads the inbox once and writes it once, and the copies end as the deployment's own
    (applied one at a time). Fails on the per-copy path (a find_one and a write per copy)."""
    uow, commands = counted
    alert_id = await api.broadcast_new(recipients=("DE", "BE"), mse="DE")
    de_inbox = user("DE-INBOX", "forwarder")
    await api.copy(alert_id, de_inbox)
    first = await copies_of(world, alert_id)
    assert sorted(e.member_state for e in first) == sorted(PARTICIPANTS)
    await api.ok("POST", f"/inbox/{alert_id}/acknowledge", de_inbox)
    await api.copy(alert_id, de_inbox, until=lambda c: c["pending_actions"] == 0)
    change = [e for e in await copies_of(world, alert_id) if e.payload["seq"] == 2]
    assert [e.member_state for e in change] == ["DE"]

    outcomes = await uow.run_batch(batch(world, first), consumer="inbox-test")
    assert not any(o.duplicate for o in outcomes)
    assert commands.sent == {"find": 1, "insert": 1}
    commands.sent.clear()
    repeat = fresh_ids([e for e in first if e.member_state == "BE"])
    await uow.run_batch(batch(world, [*change, *repeat]), consumer="inbox-test")
    assert commands.sent == {"find": 1, "update": 1}

    for participant in PARTICIPANTS:
        mine = await uow.db.inbox.find_one({"_id": f"{alert_id}:{participant}"})
        theirs = await world.db.inbox.find_one({"_id": f"{alert_id}:{participant}"})
        for field in ("delivery", "view", "next_seq", "events", "sealed_personal_data"):
            assert mine["copy"][field] == theirs["copy"][field], (participant, field)
        assert mine["version"] == (2 if participant == "DE" else 1)
    de = await uow.db.inbox.find_one({"_id": f"{alert_id}:DE"})
    assert de["copy"]["delivery"]["status"] == "acknowledged"


async def test_issue_10_two_updates_of_one_copy_in_a_batch_apply_in_order(
    world, api, user, counted
):
    """DE's first copy and its acknowledgement change in ONE batch: the second sees the
    first through the write-behind (per-key order), and one insert holds both."""
    uow, commands = counted
    alert_id = await api.broadcast_new(recipients=("DE",), mse="DE")
    de_inbox = user("DE-INBOX", "forwarder")
    await api.copy(alert_id, de_inbox)
    await api.ok("POST", f"/inbox/{alert_id}/acknowledge", de_inbox)
    await api.copy(alert_id, de_inbox, until=lambda c: c["pending_actions"] == 0)
    de = sorted(
        (e for e in await copies_of(world, alert_id) if e.member_state == "DE"),
        key=lambda e: e.payload["seq"],
    )
    assert [e.payload["seq"] for e in de] == [1, 2]
    await uow.run_batch(batch(world, de), consumer="inbox-test")
    assert commands.sent == {"find": 1, "insert": 1}
    stored = await uow.db.inbox.find_one({"_id": f"{alert_id}:DE"})
    assert stored["version"] == 1 and stored["copy"]["next_seq"] == 3
    assert [e["event_type"] for e in stored["copy"]["events"]] == [
        "alert.delivered",
        "alert.acknowledged",
    ]


async def test_alr_081_a_stale_copy_is_refused_at_the_flush(counted):
    """A copy saved over a version that is no longer stored: the bulk write matches nothing
    and the transaction is refused (nothing written), as the one-copy save does."""
    uow, _ = counted

    async def insert(tx):
        tx.write_behind(WRITE_BEHIND, InboxWriteBehind).save(
            StoredCopy(InboxCopy(alert_id="a1", participant="DE"))
        )

    await uow.run(insert)

    async def stale(tx):
        helper = tx.write_behind(WRITE_BEHIND, InboxWriteBehind)
        stored = await helper.find_one("a1", "DE")
        assert stored is not None and stored.version == 1
        stored.version = 7  # read before someone else's writes
        stored.copy.number = "X"
        helper.save(stored)

    with pytest.raises(Conflict):
        await uow.run(stale)
    doc = await uow.db.inbox.find_one({"_id": "a1:DE"})
    assert doc["version"] == 1 and doc["copy"]["number"] is None
