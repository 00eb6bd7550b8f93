"""CreateRequest / SendRequest handlers and the incoming-requests consumer, on the kernel's
in-memory fakes (milliseconds)."""

import pytest

from imi_requests.adapters.incoming import IncomingRequests
from imi_requests.context import RequestsContext
from imi_requests.domain.events import RequestStatusChanged
from imi_requests.domain.request import Actor, RequestDraft
from imi_requests.handlers.incoming import on_status_changed
from imi_requests.handlers.sending import create_request, send_request
from imi_requests.settings import RequestsSettings
from imi_shared.errors import Conflict, Forbidden, NotFound
from imi_testkit import FakeClock, FakeUnitOfWork

HANDLER = Actor("u-fr", "ca-fr", "FR", frozenset({"services"}))
DRAFT = RequestDraft("services", "ca-de", "DE", "qs-services-1", ("q1",))


def context():
    clock = FakeClock()
    return RequestsContext.create(RequestsSettings(topic_prefix="t."), FakeUnitOfWork(), clock)


async def test_req_055_creating_stores_a_draft_and_emits_its_status():
    ctx = context()
    result = await create_request(ctx, DRAFT, HANDLER, new_id=lambda: "r1")
    assert result.version == 1
    [envelope] = ctx.uow.published("request.status_changed")
    assert (envelope.aggregate_id, envelope.member_state, envelope.payload["new_status"]) == (
        "r1",
        "FR",
        "draft",
    )
    assert ctx.uow.outbox[0].topic == "t.imi.requests.events"
    assert ctx.uow.collections["requests"]["r1"]["created_at"] == ctx.clock()


async def test_req_058_sending_at_once_emits_draft_then_awaiting_acceptance():
    ctx = context()
    await create_request(ctx, DRAFT, HANDLER, send=True, new_id=lambda: "r1")
    assert [e.payload["new_status"] for e in ctx.uow.published()] == [
        "draft",
        "awaiting_acceptance",
    ]


async def test_req_058_send_request_moves_a_draft_once():
    ctx = context()
    await create_request(ctx, DRAFT, HANDLER, new_id=lambda: "r1")
    sent = await send_request(ctx, "r1", HANDLER)
    assert (sent.version, sent.event_types) == (2, ["request.status_changed"])
    with pytest.raises(Conflict):
        await send_request(ctx, "r1", HANDLER)
    assert len(ctx.uow.published()) == 2


async def test_req_007_a_refused_command_leaves_no_trace():
    ctx = context()
    with pytest.raises(Forbidden):
        await create_request(ctx, RequestDraft("patients"), HANDLER)
    assert ctx.uow.collections.get("requests", {}) == {} and ctx.uow.outbox == []


async def test_x_010_absent_and_not_yours_are_the_same_404():
    ctx = context()
    await create_request(ctx, DRAFT, HANDLER, new_id=lambda: "r1")
    stranger = Actor("u-x", "ca-x", "FR", frozenset({"services"}))
    with pytest.raises(NotFound) as not_yours:
        await send_request(ctx, "r1", stranger)
    with pytest.raises(NotFound) as absent:
        await send_request(ctx, "r-none", stranger)
    assert not_yours.value.rule_id == absent.value.rule_id


async def test_req_058_the_sent_request_reaches_the_responding_authoritys_list():
    ctx = context()
    await create_request(ctx, DRAFT, HANDLER, send=True, new_id=lambda: "r1")
    consumer = FakeUnitOfWork()
    for envelope in ctx.uow.published():
        decoded = RequestStatusChanged.model_validate(envelope.payload)
        await consumer.run(lambda tx, d=decoded, e=envelope: on_status_changed(d, e, tx))

    async def read(tx):
        return await IncomingRequests.of(tx).of_authority("ca-de")

    rows = (await consumer.run(read)).value
    assert [(r["request_id"], r["status"]) for r in rows] == [("r1", "awaiting_acceptance")]
