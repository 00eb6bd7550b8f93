"""REQ-106 / X-024 on the fakes: every request gets its reference number at its first save (a
draft, a copy, a split-off request: REQ-120), counted per requesting state and year, shown in
the view, carried by `request.status_changed` (1.2) into the action list and the search, which
finds it by it (REQ-094); and the `pd_locked` / `pd_deleted` flags retention's events leave."""

from __future__ import annotations

from datetime import UTC, datetime

from imi_requests.domain.copying import CopyChoice
from imi_requests.domain.search import SearchCriteria
from imi_requests.entrypoints.http.shaping import view
from imi_requests.handlers import commands as c
from imi_requests.handlers import copying, drafting, incoming
from imi_requests.handlers import exchange_commands as x
from imi_requests.handlers.lists import action_list, search_requests
from imi_requests.handlers.reading import read_request

from .test_commands import CONTENT, RECEIVER, SENDER, WHY
from .test_lists import Lists
from .test_retention import consume, deleted, locked

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def create(ctx, request_id: str, send: bool = False):
    command = c.CreateRequest(CONTENT, send=send)
    done = await drafting.create_request(ctx, command, SENDER, new_id=lambda: request_id)
    return done.aggregate


async def shown(ctx, request_id: str, actor) -> dict:
    request, version, seen = await read_request(ctx, request_id, actor)
    return view(request, version, seen, actor).model_dump()


async def test_req_106_x_024_a_draft_is_numbered_at_its_first_save_and_keeps_it(ctx):
    ctx.clock.now = T0
    first = await create(ctx, "r1")
    assert first.status.value == "draft" and first.ref_no == "REQ-FR-2026-000001"
    second = await create(ctx, "r2", send=True)
    assert second.ref_no == "REQ-FR-2026-000002"  # unique: the next number
    await drafting.send_request(ctx, c.SendRequest("r1"), SENDER)
    assert (await shown(ctx, "r1", SENDER))["ref_no"] == "REQ-FR-2026-000001"  # sending keeps it
    assert (await shown(ctx, "r2", RECEIVER))["ref_no"] == "REQ-FR-2026-000002"  # the other side
    ctx.clock.now = datetime(2027, 1, 1, tzinfo=UTC)
    assert (await create(ctx, "r3")).ref_no == "REQ-FR-2027-000001"  # counted per year
    numbers = [e.payload["ref_no"] for e in ctx.uow.published("request.status_changed")]
    assert numbers and all(n for n in numbers)  # every status change carries it (1.2)


async def test_req_120_req_054_a_split_off_and_a_copied_request_get_their_own_number(ctx):
    ctx.clock.now = T0
    await create(ctx, "r1", send=True)
    await incoming.accept_request(ctx, c.AcceptRequest("r1"), RECEIVER)
    split = c.SplitRequest("r1", "de-ca2", ("SD-GENERAL.Q1",), ("att-1",), WHY)
    await incoming.split_request(ctx, split, RECEIVER, new_id=lambda: "r2")
    copy = x.CopyRequest("r1", CopyChoice())
    await copying.copy_request(ctx, copy, SENDER, new_id=lambda: "r3")
    await copying.copy_request(ctx, copy, RECEIVER, new_id=lambda: "r4")  # a German draft
    rows = ctx.uow.collections["requests"]
    assert {r: rows[r]["ref_no"] for r in ("r1", "r2", "r3", "r4")} == {
        "r1": "REQ-FR-2026-000001",
        "r2": "REQ-FR-2026-000002",  # REQ-120: the owner counts it (same requesting state)
        "r3": "REQ-FR-2026-000003",
        "r4": "REQ-DE-2026-000001",  # the copier's authority is the requesting one (REQ-054)
    }


async def test_req_094_req_092_the_lists_show_the_number_and_the_search_finds_by_it(ctx):
    ctx.clock.now = T0
    await create(ctx, "r-draft")
    await create(ctx, "r-sent", send=True)
    lists = Lists(ctx)
    await lists.sync()
    actions = {r["request_id"]: r["ref_no"] for r in await action_list(ctx, SENDER)}
    assert actions == {"r-draft": "REQ-FR-2026-000001"}  # REQ-021: drafts have it too
    incoming_rows = await action_list(ctx, RECEIVER)
    assert [r["ref_no"] for r in incoming_rows] == ["REQ-FR-2026-000002"]
    by_number = SearchCriteria(ref_no="REQ-FR-2026-000002")
    found = await search_requests(ctx, SENDER, by_number, 50, 0)
    assert [(r["request_id"], r["ref_no"]) for r in found] == [("r-sent", "REQ-FR-2026-000002")]
    absent = SearchCriteria(ref_no="REQ-FR-2026-000009")
    assert await search_requests(ctx, SENDER, absent, 50, 0) == []
    await incoming.accept_request(ctx, c.AcceptRequest("r-sent"), RECEIVER)
    await lists.sync()  # a later status change keeps the number on the row
    assert [r["ref_no"] for r in await search_requests(ctx, RECEIVER, by_number, 50, 0)] == [
        "REQ-FR-2026-000002"
    ]


async def test_req_106_pd_locked_and_pd_deleted_follow_retentions_events(ctx):
    from imi_testkit import InMemoryKeyStore

    ctx.sealer.key_store = InMemoryKeyStore()
    await create(ctx, "r1", send=True)
    before = await shown(ctx, "r1", SENDER)
    assert (before["pd_locked"], before["pd_deleted"]) == (False, False)
    await consume(ctx, locked())
    after_lock = await shown(ctx, "r1", SENDER)
    assert (after_lock["pd_locked"], after_lock["pd_deleted"]) == (True, False)
    assert after_lock["subject"] == []  # RET-012: what the flag says happened
    unaccepted = await shown(ctx, "r1", RECEIVER)  # the view without PD shows them too
    assert unaccepted["view"] == "without_pd" and unaccepted["pd_locked"] is True
    await consume(ctx, deleted())
    after_delete = await shown(ctx, "r1", SENDER)
    assert (after_delete["pd_locked"], after_delete["pd_deleted"]) == (True, True)
    assert after_delete["ref_no"] == before["ref_no"]  # RET-013: the case itself stays
