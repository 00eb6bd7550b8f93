"""The request commands on FakeUnitOfWork + FakeClock: what is stored, what is published (and
that case content travels only sealed under the request's key), and that a refusal leaves no
trace."""

from __future__ import annotations

import pytest

from imi_requests.adapters.event_messages import RequestStatusChanged
from imi_requests.domain.actors import Actor
from imi_requests.domain.drafting import DraftContent
from imi_requests.domain.request import Attachment, FreeText, Question, Side, SubjectField
from imi_requests.handlers import allocation, approval, drafting, incoming
from imi_requests.handlers import commands as c
from imi_shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from imi_shared.sealing import SealedValue

SENDER = Actor("u-fr", "fr-ca", "FR", {"services": frozenset({"request_handler"})})
RECEIVER = Actor("u-de", "de-ca", "DE", {"services": frozenset({"request_handler"})})
OTHER_DE = Actor("u-de-2", "de-ca", "DE", {"services": frozenset({"request_handler"})})
DE_ALLOCATOR = Actor("al-de", "de-ca", "DE", {"services": frozenset({"allocator"})})
FR_ARBITER = Actor("a-fr", "fr-coord", "FR", {"services": frozenset({"arbiter"})})
STRANGER = Actor("u-it", "it-ca", "IT", {"services": frozenset({"request_handler"})})
WHY = FreeText("Nous ne sommes pas compétents", "fr")
CONTENT = DraftContent(
    "services",
    "de-ca",
    None,
    "SD-GENERAL",
    (
        Question("SD-GENERAL.Q1", FreeText("see attached diploma", "en"), "att-1"),
        Question("SD-GENERAL.Q2"),
    ),
    (Attachment("att-1", "diploma.pdf", "store://att-1"),),
    (SubjectField("provider_name", "Jean Dupont"),),
)


async def sent(ctx, request_id: str = "r1"):
    return await drafting.create_request(
        ctx, c.CreateRequest(CONTENT, send=True), SENDER, new_id=lambda: request_id
    )


def statuses(ctx) -> list[tuple[str, str]]:
    return [
        (e.aggregate_id, e.payload["new_status"])
        for e in ctx.uow.published("request.status_changed")
    ]


async def test_req_058_create_and_send_stores_and_publishes_without_pd(ctx):
    result = await sent(ctx)
    assert result.version == 1 and statuses(ctx) == [("r1", "draft"), ("r1", "awaiting_acceptance")]
    stored = ctx.uow.collections["requests"]["r1"]
    assert (
        stored["responding_member_state"] == "DE"
        and stored["requesting_coordinator_id"] == "fr-coord"
    )
    assert ctx.uow.outbox[0].topic == "t.imi.requests.events"
    envelope = ctx.uow.published()[-1]
    assert envelope.member_state == "FR" and envelope.payload["authority_ids"] == [
        "fr-ca",
        "de-ca",
        "fr-coord",
    ]
    assert b"Jean Dupont" not in b"".join(e.to_bytes() for e in ctx.uow.published())


async def test_req_057_059_approval_refused_amended_resubmitted_approved(ctx, params):
    params("fr-ca", approval_required=True)
    params("fr-coord", approve_requests=True)
    await sent(ctx)
    suggestion = FreeText("add the register number", "en")
    await approval.not_approve_request(ctx, c.NotApproveRequest("r1", suggestion), FR_ARBITER)
    await drafting.edit_draft(ctx, c.EditDraft("r1", CONTENT), SENDER)
    await approval.resubmit_request(ctx, c.ResubmitRequest("r1"), SENDER)
    await approval.approve_request(ctx, c.ApproveRequest("r1"), FR_ARBITER)
    assert [s for _, s in statuses(ctx)] == [
        "draft",
        "awaiting_request_approval",
        "request_not_approved",
        "awaiting_request_approval",
        "awaiting_acceptance",
    ]


async def test_x_011_a_justification_travels_sealed_under_the_request_key(ctx, params):
    params("de-ca", may_refuse_requests=True)
    await sent(ctx)
    await incoming.refuse_request(ctx, c.RefuseRequest("r1", WHY), RECEIVER)
    envelope = ctx.uow.published("request.status_changed")[-1]
    assert WHY.text.encode() not in envelope.to_bytes()
    sealed = SealedValue.model_validate(envelope.payload["sealed_texts"])
    assert sealed.case_id == "r1"
    assert await ctx.sealer.unseal(sealed) == {"justification": {"text": WHY.text, "lang": "fr"}}
    assert RequestStatusChanged.model_validate(envelope.payload).new_status == "refused"


async def test_req_028_a_refused_refusal_leaves_no_trace(ctx):
    await sent(ctx)
    before = (dict(ctx.uow.collections["requests"]["r1"]), len(ctx.uow.outbox))
    with pytest.raises(Forbidden):
        await incoming.refuse_request(ctx, c.RefuseRequest("r1", WHY), RECEIVER)
    assert (ctx.uow.collections["requests"]["r1"], len(ctx.uow.outbox)) == before


async def test_req_062_accept_with_a_proposed_date(ctx):
    from datetime import date

    await sent(ctx)
    result = await incoming.accept_request(
        ctx, c.AcceptRequest("r1", proposed_deadline=date(2031, 1, 31)), RECEIVER
    )
    assert result.aggregate.responding_coordinator_id == "de-coord"
    assert ctx.uow.collections["requests"]["r1"]["proposed_deadline"] == "2031-01-31"
    payload = ctx.uow.published()[-1].payload
    assert "2031-01-31" not in str(payload) and payload["sealed_texts"] is not None


async def test_req_064_forward_to_another_authority_of_the_ms(ctx):
    await sent(ctx)
    await incoming.forward_request(ctx, c.ForwardRequest("r1", "de-ca2", WHY), RECEIVER)
    stored = ctx.uow.collections["requests"]["r1"]
    assert (stored["responding_authority_id"], stored["status"]) == (
        "de-ca2",
        "awaiting_acceptance",
    )
    with pytest.raises(Forbidden):  # REQ-029: the forwarding authority lost its action rights
        await incoming.accept_request(ctx, c.AcceptRequest("r1"), RECEIVER)


async def test_req_065_split_saves_both_requests_in_one_transaction(ctx):
    await sent(ctx)
    command = c.SplitRequest("r1", "de-ca2", ("SD-GENERAL.Q1",), ("att-1",), WHY)
    await incoming.split_request(ctx, command, RECEIVER, new_id=lambda: "r2")
    rows = ctx.uow.collections["requests"]
    assert (
        rows["r2"]["split_from_request_id"] == "r1"
        and rows["r2"]["status"] == "awaiting_acceptance"
    )
    assert rows["r1"]["questions"][0]["moved_to_request_id"] == "r2"
    [split] = ctx.uow.published("request.split")
    assert split.payload["new_request_id"] == "r2" and "SD-GENERAL.Q1" not in str(split.payload)
    assert statuses(ctx)[-1] == ("r2", "awaiting_acceptance")


async def test_req_051_only_the_allocated_handler_accepts(ctx, params):
    params("de-ca", allocation_enabled=True)
    await sent(ctx)
    await allocation.allocate_request(
        ctx, c.AllocateRequest("r1", Side.RESPONDING, ("u-de-2",)), DE_ALLOCATOR
    )
    [allocated] = ctx.uow.published("request.allocated")
    assert allocated.payload["user_ids"] == ["u-de-2"]
    with pytest.raises(Forbidden) as caught:
        await incoming.accept_request(ctx, c.AcceptRequest("r1"), RECEIVER)
    assert caught.value.rule_id == "REQ-051"
    await incoming.accept_request(ctx, c.AcceptRequest("r1"), OTHER_DE)


async def test_x_010_absent_and_not_yours_are_the_same_404(ctx):
    await sent(ctx)
    with pytest.raises(NotFound) as not_yours:
        await incoming.accept_request(ctx, c.AcceptRequest("r1"), STRANGER)
    with pytest.raises(NotFound) as absent:
        await incoming.accept_request(ctx, c.AcceptRequest("r-none"), STRANGER)
    assert not_yours.value.rule_id == absent.value.rule_id == "X-010"


async def test_req_056_130_a_deleted_draft_is_gone(ctx):
    await drafting.create_request(ctx, c.CreateRequest(CONTENT), SENDER, new_id=lambda: "r1")
    await drafting.delete_draft(ctx, c.DeleteDraft("r1"), SENDER)
    assert "r1" not in ctx.uow.collections["requests"]
    assert [e.event_type for e in ctx.uow.published()][-1] == "request.deleted"
    await sent(ctx, "r3")
    with pytest.raises(Conflict):  # a sent request is no draft any more
        await drafting.delete_draft(ctx, c.DeleteDraft("r3"), SENDER)


async def test_req_022_an_unknown_target_is_refused(ctx):
    content = DraftContent(
        "services", "de-unknown", None, "SD-GENERAL", CONTENT.questions[1:], (), CONTENT.subject
    )
    with pytest.raises(InvalidInput) as caught:
        await drafting.create_request(ctx, c.CreateRequest(content, send=True), SENDER)
    assert caught.value.rule_id == "REQ-022" and ctx.uow.outbox == []
