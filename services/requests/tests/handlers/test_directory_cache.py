"""The commands' short-lived copy of the directory read model (issue 12, X-054): a directory
event this process applies reaches the next command at once; one applied by another replica
(straight into the read model here) within the cache's period."""

from __future__ import annotations

import asyncio

import pytest

from imi_requests.adapters import directory_events as d
from imi_requests.adapters.directory_view import COLLECTION, DirectoryView
from imi_requests.domain.actors import Actor
from imi_requests.domain.drafting import DraftContent
from imi_requests.domain.request import Question, SubjectField
from imi_requests.handlers import commands as c
from imi_requests.handlers import drafting
from imi_requests.handlers.directory import telling
from imi_shared.envelope import Envelope
from imi_shared.errors import InvalidInput
from imi_testkit import FakeTransaction

SENDER = Actor("u-fr", "fr-ca", "FR", {"services": frozenset({"request_handler"})})
CONTENT = DraftContent(
    "services",
    "de-ca",
    None,
    "SD-GENERAL",
    (Question("SD-GENERAL.Q1"),),
    (),
    (SubjectField("provider_name", "Jean Dupont"),),
)
SUSPENDED = d.AccessChanged(
    authority_id="de-ca",
    member_state="DE",
    la_code="services",
    workflow="requests",
    new_status="suspended",
)


class Seconds:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


async def send_new(ctx) -> None:
    await drafting.create_request(ctx, c.CreateRequest(CONTENT, send=True), SENDER)


async def test_x_054_dir_126_a_directory_event_applied_here_reaches_the_next_command_at_once(ctx):
    await send_new(ctx)  # de-ca's document read, and kept
    assert "de-ca" in ctx.directory_cache._cached
    envelope = Envelope.wrap(SUSPENDED, producer="directory", member_state="DE")
    handler = telling(ctx.directory_cache)[SUSPENDED.event_type]
    await ctx.uow.run(lambda tx: handler(SUSPENDED, envelope, tx))
    with pytest.raises(InvalidInput) as caught:  # no time has passed: not the kept copy
        await send_new(ctx)
    assert caught.value.rule_id == "REQ-022"


async def test_x_054_dir_126_a_change_made_by_another_replica_is_seen_within_the_period(ctx):
    seconds = Seconds()
    ctx.directory_cache.clock = seconds
    await send_new(ctx)
    view = ctx.uow.collections["directory_view"]["de-ca"]
    view["las"]["services"]["access"] = "suspended"  # another replica's subscriber applied it
    seconds.now += 1.0
    await send_new(ctx)  # within the period: the copy as read
    seconds.now += ctx.settings.directory_cache_seconds
    with pytest.raises(InvalidInput) as caught:
        await send_new(ctx)
    assert caught.value.rule_id == "REQ-022"


class CountedDocuments:
    """The fake's documents, each read yielding to the other tasks once, counted."""

    def __init__(self, documents) -> None:
        self.documents = documents
        self.reads = 0

    async def get(self, doc_id: str):
        self.reads += 1
        await asyncio.sleep(0)  # a real read lets the other commands run meanwhile
        return await self.documents.get(doc_id)


async def test_x_054_commands_waiting_for_an_expired_copy_read_it_once(ctx):
    documents = CountedDocuments(FakeTransaction(ctx.uow.collections).documents(COLLECTION))
    views = [DirectoryView(documents, ctx.directory_cache) for _ in range(5)]
    found = await asyncio.gather(*(v.facts("de-ca", "services") for v in views))
    assert documents.reads == 1 and all(f == found[0] for f in found)
    assert found[0].member_state == "DE"
