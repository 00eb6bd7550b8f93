"""§4.12 on the fakes: the list read model kept from the requests' own events, the action
list (REQ-092, REQ-121, REQ-050) and the search with its rights (REQ-094, REQ-095)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from imi_requests.adapters.event_messages import (
    RequestAllocated,
    RequestDeleted,
    RequestStatusChanged,
)
from imi_requests.adapters.request_list_batch import WRITE_BEHIND
from imi_requests.domain.actors import Actor
from imi_requests.domain.drafting import DraftContent
from imi_requests.domain.request import Question, Side, SubjectField
from imi_requests.domain.request import RequestStatus as S
from imi_requests.domain.search import Capacity, Direction, SearchCriteria
from imi_requests.handlers import allocation, approval, drafting, incoming
from imi_requests.handlers import commands as c
from imi_requests.handlers.lists import HANDLERS, action_list, search_requests
from imi_shared.batching import BatchItem
from imi_shared.errors import Forbidden

MODELS = {m.event_type: m for m in (RequestStatusChanged, RequestAllocated, RequestDeleted)}


def person(user: str, authority: str, ms: str, *rights: str) -> Actor:
    return Actor(user, authority, ms, {"services": frozenset(rights)})


SENDER = person("u-fr", "fr-ca", "FR", "request_handler")
RECEIVER = person("u-de", "de-ca", "DE", "request_handler")
DE_ALLOCATOR = person("al-de", "de-ca", "DE", "allocator")
FR_ARBITER = person("a-fr", "fr-coord", "FR", "arbiter")
DE_COORD_VIEWER = person("v-dec", "de-coord", "DE", "request_viewer")


def content(to: str = "de-ca") -> DraftContent:
    return DraftContent(
        "services",
        to,
        None,
        "SD-GENERAL",
        (Question("SD-GENERAL.Q1"),),
        (),
        (SubjectField("provider_name", "Jean Dupont"),),
    )


class Lists:
    """Feeds the events the commands published to the list consumers, once each."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.seen = 0

    async def sync(self) -> None:
        pending = self.ctx.uow.outbox[self.seen :]
        self.seen = len(self.ctx.uow.outbox)
        for row in pending:
            envelope = row.envelope
            handler = HANDLERS.get(envelope.event_type)
            if handler is None:
                continue
            event = MODELS[envelope.event_type].model_validate(envelope.payload)
            await self.ctx.uow.run(lambda tx, e=event, v=envelope, h=handler: h(e, v, tx))

    async def sync_in_one_batch(self) -> list[int]:
        """Every pending event in ONE batch (as the batched consumer takes them); the list
        write-behind's reads and bulk writes, counted when the works are done."""
        pending = self.ctx.uow.outbox[self.seen :]
        self.seen = len(self.ctx.uow.outbox)
        items, counted = [], []
        for row in pending:
            envelope, handler = row.envelope, HANDLERS.get(row.envelope.event_type)
            if handler is not None:
                event = MODELS[envelope.event_type].model_validate(envelope.payload)
                work = lambda tx, e=event, v=envelope, h=handler: h(e, v, tx)  # noqa: E731
                items.append(BatchItem(envelope, work, event))

        async def count(tx) -> None:
            counted.append(tx.write_behinds[WRITE_BEHIND].reads)

        items.append(
            BatchItem(
                pending[-1].envelope.model_copy(update={"event_id": f"count-{self.seen}"}), count
            )
        )
        await self.ctx.uow.run_batch(items, consumer="lists")
        return counted

    async def actions(self, actor: Actor) -> dict[str, str]:
        await self.sync()
        return {r["request_id"]: r["action"] for r in await action_list(self.ctx, actor)}

    async def search(self, actor: Actor, **criteria) -> list[str]:
        await self.sync()
        found = await search_requests(self.ctx, actor, SearchCriteria(**criteria), 50, 0)
        return [r["request_id"] for r in found]


@pytest.fixture
def lists(ctx) -> Lists:
    return Lists(ctx)


async def create(ctx, request_id: str, send: bool = True, to: str = "de-ca") -> None:
    await drafting.create_request(
        ctx, c.CreateRequest(content(to), send=send), SENDER, new_id=lambda: request_id
    )


async def test_req_092_req_023_req_021_drafts_and_incoming_requests_in_the_lists(ctx, lists):
    await create(ctx, "r-draft", send=False)
    await create(ctx, "r-sent")
    assert await lists.actions(SENDER) == {"r-draft": "complete_and_send"}  # REQ-021
    assert await lists.actions(RECEIVER) == {"r-sent": "accept"}  # REQ-023
    await incoming.accept_request(ctx, c.AcceptRequest("r-sent"), RECEIVER)
    assert await lists.actions(RECEIVER) == {"r-sent": "reply"}
    await drafting.delete_draft(ctx, c.DeleteDraft("r-draft"), SENDER)
    assert await lists.actions(SENDER) == {}  # REQ-130: a deleted draft leaves no row
    assert await lists.search(SENDER) == ["r-sent"]


async def test_req_092_req_130_a_batch_of_events_reads_its_rows_once_and_keeps_their_order(
    ctx, lists
):
    """Issue 12: the batch's rows read in one query; two events of one request (created,
    sent, accepted; a draft created then deleted) apply in their order within the batch."""
    await create(ctx, "r-draft", send=False)
    await create(ctx, "r-sent")
    await incoming.accept_request(ctx, c.AcceptRequest("r-sent"), RECEIVER)
    await drafting.delete_draft(ctx, c.DeleteDraft("r-draft"), SENDER)
    assert await lists.sync_in_one_batch() == [1]
    assert set(ctx.uow.collections["request_list"]) == {"r-sent"}
    assert await lists.actions(RECEIVER) == {"r-sent": "reply"}
    assert await lists.actions(SENDER) == {}
    await create(ctx, "r-next")  # a later batch: the row it reads back is its new version
    assert await lists.sync_in_one_batch() == [1]
    assert await lists.actions(RECEIVER) == {"r-next": "accept", "r-sent": "reply"}


async def test_req_050_req_121_allocators_then_the_allocated_see_it(ctx, lists, params):
    params("de-ca", allocation_enabled=True)
    await create(ctx, "r1")
    assert await lists.actions(RECEIVER) == {}
    assert await lists.actions(DE_ALLOCATOR) == {"r1": "allocate"}  # REQ-050
    await allocation.allocate_request(
        ctx, c.AllocateRequest("r1", Side.RESPONDING, ("u-de",)), DE_ALLOCATOR
    )
    assert await lists.actions(DE_ALLOCATOR) == {}
    assert await lists.actions(RECEIVER) == {"r1": "accept"}
    # REQ-121: a request awaiting approval is in the requesting coordinator's arbiters' list
    params("fr-ca", approval_required=True)
    params("fr-coord", approve_requests=True)
    await create(ctx, "r2")
    assert await lists.actions(FR_ARBITER) == {"r2": "approve_request"}
    assert await lists.actions(RECEIVER) == {"r1": "accept"}  # REQ-112: not yet sent to DE
    await approval.approve_request(ctx, c.ApproveRequest("r2"), FR_ARBITER)
    assert await lists.actions(FR_ARBITER) == {}
    assert await lists.actions(DE_ALLOCATOR) == {"r2": "allocate"}


async def test_req_094_an_authority_searches_its_incoming_and_outgoing_requests(ctx, lists):
    await create(ctx, "r-out")
    await create(ctx, "r-draft", send=False)
    ctx.clock.advance(timedelta(days=3))
    await create(ctx, "r-other", to="de-ca2")
    assert await lists.search(SENDER) == ["r-other", "r-draft", "r-out"]
    assert await lists.search(SENDER, statuses=(S.DRAFT,)) == ["r-draft"]
    assert await lists.search(SENDER, country="DE", direction=Direction.OUTGOING) == [
        "r-other",
        "r-out",
    ]
    assert await lists.search(RECEIVER) == ["r-out"]  # never the other authority's, no draft
    assert await lists.search(RECEIVER, direction=Direction.OUTGOING) == []
    assert await lists.search(RECEIVER, reference="r-out") == ["r-out"]
    since = ctx.clock() - timedelta(days=1)
    assert await lists.search(SENDER, sent_from=since) == ["r-other"]
    assert await lists.search(RECEIVER, received_to=since) == ["r-out"]
    with pytest.raises(Forbidden):
        await lists.search(person("x", "fr-ca", "FR", "alert_handler"))


async def test_req_095_a_coordinator_searches_its_authorities_requests_without_drafts(ctx, lists):
    await create(ctx, "r-sent")
    await create(ctx, "r-draft", send=False)
    # de-coord is the associated coordinator of de-ca and de-ca2 (the directory read model)
    assert await lists.search(DE_COORD_VIEWER) == ["r-sent"]
    assert await lists.search(DE_COORD_VIEWER, capacity=Capacity.PARTY) == []
    fr_coord = person("v-frc", "fr-coord", "FR", "arbiter")
    assert await lists.search(fr_coord, capacity=Capacity.COORDINATED) == ["r-sent"]
    ctx.clock.advance(timedelta(days=11))
    assert await lists.search(fr_coord, idle_days=10) == ["r-sent"]  # no action for N days
    await incoming.accept_request(ctx, c.AcceptRequest("r-sent"), RECEIVER)
    assert await lists.search(fr_coord, idle_days=10) == []
    assert await lists.search(person("v-it", "it-coord", "IT", "arbiter")) == []
