"""The exchange commands (§4.5-4.7), copying (§4.10) and the allocation target check (REQ-049,
REQ-053) on FakeUnitOfWork + FakeClock: what is stored, the past-tense events published, and
that texts travel only sealed under the request's key."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from imi_requests.adapters.plain import plain
from imi_requests.adapters.request_repository import RequestRepository
from imi_requests.domain.actors import Actor
from imi_requests.domain.copying import CopyChoice
from imi_requests.domain.drafting import DraftContent
from imi_requests.domain.request import Answer, Attachment, FreeText, Question, Side, SubjectField
from imi_requests.handlers import allocation, arbitration, copying, drafting, exchange, incoming
from imi_requests.handlers import commands as c
from imi_requests.handlers import exchange_commands as x
from imi_shared.errors import Forbidden, InvalidInput, NotFound
from imi_shared.sealing import SealedValue
from imi_testkit import FakeTransaction

LA = {"services": frozenset({"request_handler"})}
SENDER = Actor("u-fr", "fr-ca", "FR", LA)
RECEIVER = Actor("u-de", "de-ca", "DE", LA)
DE_ALLOCATOR = Actor("al-de", "de-ca", "DE", {"services": frozenset({"allocator"})})
FR_ARBITER = Actor("a-fr", "fr-coord", "FR", {"services": frozenset({"arbiter"})})
DE_ARBITER = Actor("a-de", "de-coord", "DE", {"services": frozenset({"arbiter"})})
STRANGER = Actor("u-it", "it-ca", "IT", LA)
Q1, Q2 = "SD-GENERAL.Q1", "SD-GENERAL.Q2"
ASK = FreeText("Quel registre exactement ?", "fr")
NO = FreeText("Wir haben nichts mehr dazu", "de")
CONTENT = DraftContent(
    "services",
    "de-ca",
    None,
    "SD-GENERAL",
    (Question(Q1, FreeText("see attached diploma", "en"), "att-1"), Question(Q2)),
    (Attachment("att-1", "diploma.pdf", "store://att-1"),),
    (SubjectField("provider_name", "Jean Dupont"),),
)


async def accepted(ctx, request_id: str = "r1"):
    await drafting.create_request(
        ctx, c.CreateRequest(CONTENT, send=True), SENDER, new_id=lambda: request_id
    )
    await incoming.accept_request(ctx, c.AcceptRequest(request_id), RECEIVER)


async def reply(ctx, *codes: str, request_id: str = "r1"):
    answers = tuple(Answer(code, text=FreeText("Ja, eingetragen", "de")) for code in codes)
    await exchange.save_answers(ctx, x.SaveAnswers(request_id, answers), RECEIVER)
    return await exchange.send_reply(ctx, x.SendReply(request_id), RECEIVER)


def rows(ctx) -> list[str]:
    return [e.payload["rule"] for e in ctx.uow.published("request.status_changed")]


def wire(ctx) -> bytes:
    return b"".join(e.to_bytes() for e in ctx.uow.published())


async def test_req_066_a_message_is_stored_and_announced_sealed(ctx):
    await accepted(ctx)
    attachment = Attachment("att-2", "extract.pdf", "store://2", comment_code="CERTIFICATE")
    command = x.AddMessage("r1", FreeText("Auszug anbei", "de"), (attachment,))
    await exchange.add_message(ctx, command, RECEIVER, new_id=lambda: "m1")
    stored = ctx.uow.collections["requests"]["r1"]
    assert stored["messages"][0]["message_id"] == "m1" and len(stored["attachments"]) == 2
    [event] = ctx.uow.published("request.message_added")
    assert (event.payload["side"], event.payload["attachment_count"]) == ("responding", 1)
    assert b"Auszug anbei" not in wire(ctx) and b"extract.pdf" not in wire(ctx)
    sealed = SealedValue.model_validate(event.payload["sealed_texts"])
    assert (await ctx.sealer.unseal(sealed))["text"]["text"] == "Auszug anbei"


async def test_req_032_068_072_reply_drafted_sent_then_closed(ctx):
    await accepted(ctx)
    with pytest.raises(InvalidInput):  # partial: Q2 unanswered
        await reply(ctx, Q1)
    result = await reply(ctx, Q1, Q2)
    assert result.aggregate.status == "answered"
    await exchange.close_request(ctx, x.CloseRequest("r1"), SENDER)
    assert rows(ctx)[-2:] == ["REQ-068", "REQ-072"]
    assert ctx.uow.collections["requests"]["r1"]["status"] == "closed"
    assert b"eingetragen" not in wire(ctx)


async def test_req_067_069_070_reply_approval_by_the_responding_coordinator(ctx, params):
    params("de-ca", approval_required=True)
    params("de-coord", approve_replies=True)
    await accepted(ctx)
    await reply(ctx, Q1, Q2)
    suggestion = FreeText("précisez la date", "fr")
    with pytest.raises(Forbidden):  # REQ-121: the other coordinator's arbiter
        await exchange.approve_reply(ctx, x.ApproveReply("r1"), FR_ARBITER)
    await exchange.not_approve_reply(ctx, x.NotApproveReply("r1", suggestion), DE_ARBITER)
    await exchange.send_reply(ctx, x.SendReply("r1"), RECEIVER)
    await exchange.approve_reply(ctx, x.ApproveReply("r1"), DE_ARBITER)
    assert rows(ctx)[-4:] == ["REQ-067", "REQ-070", "REQ-071", "REQ-069"]
    stored = ctx.uow.collections["requests"]["r1"]
    assert all(a["released"] for a in stored["answers"])


async def test_req_073_074_075_further_information_asked_accepted_answered_rejected(ctx):
    await accepted(ctx)
    await reply(ctx, Q1, Q2)
    await exchange.request_further_info(ctx, x.RequestFurtherInfo("r1", ASK, (Q1,)), SENDER)
    await exchange.answer_further_info(ctx, x.AnswerFurtherInfo("r1", True), RECEIVER)
    await reply(ctx, Q1)
    await exchange.request_further_info(ctx, x.RequestFurtherInfo("r1", ASK, (Q2,)), SENDER)
    await exchange.answer_further_info(ctx, x.AnswerFurtherInfo("r1", False, NO), RECEIVER)
    assert rows(ctx)[-5:] == ["REQ-073", "REQ-074", "REQ-068", "REQ-073", "REQ-075"]
    stored = ctx.uow.collections["requests"]["r1"]
    assert [list(r["question_codes"]) for r in stored["further_info_rounds"]] == [[Q1], [Q2]]
    assert stored["further_info_rounds"][1]["rejection"]["text"] == NO.text
    assert ASK.text.encode() not in wire(ctx) and NO.text.encode() not in wire(ctx)


async def test_req_077_083_084_s3_arbitration_through_both_coordinators(ctx):
    await accepted(ctx)
    await reply(ctx, Q1, Q2)
    await exchange.request_further_info(ctx, x.RequestFurtherInfo("r1", ASK), SENDER)
    await exchange.answer_further_info(ctx, x.AnswerFurtherInfo("r1", False, NO), RECEIVER)
    await arbitration.refer_to_arbitration(ctx, x.ReferToArbitration("r1"), SENDER)
    await arbitration.arbitrate(ctx, x.Arbitrate("r1", False), FR_ARBITER)
    with pytest.raises(Forbidden):  # now the responding coordinator's turn (REQ-121)
        await arbitration.arbitrate(ctx, x.Arbitrate("r1", True), FR_ARBITER)
    await arbitration.arbitrate(ctx, x.Arbitrate("r1", True), DE_ARBITER)
    assert rows(ctx)[-3:] == ["REQ-077", "REQ-083", "REQ-084"]
    assert ctx.uow.collections["requests"]["r1"]["arbitration_scenario"] == "S3"


async def test_req_078_085_088_s2_returned_and_maintained(ctx, params):
    params("fr-coord", arbitration_participation=False)
    await accepted(ctx)
    await reply(ctx, Q1, Q2)
    await exchange.request_further_info(ctx, x.RequestFurtherInfo("r1", ASK), SENDER)
    await exchange.answer_further_info(ctx, x.AnswerFurtherInfo("r1", False, NO), RECEIVER)
    await arbitration.refer_to_arbitration(ctx, x.ReferToArbitration("r1"), SENDER)
    await arbitration.arbitrate(ctx, x.Arbitrate("r1", False), DE_ARBITER)
    await arbitration.answer_returned(ctx, x.AnswerReturned("r1", False), RECEIVER)
    assert rows(ctx)[-3:] == ["REQ-078", "REQ-085", "REQ-088"]


async def test_req_091_the_responding_coordinator_is_changed(ctx):
    view = ctx.uow.collections["directory_view"]["de-ca"]["las"]["services"]
    view["associated_coordinator_ids"] = ["de-coord", "de-coord-2"]
    await drafting.create_request(
        ctx, c.CreateRequest(CONTENT, send=True), SENDER, new_id=lambda: "r1"
    )
    await incoming.accept_request(ctx, c.AcceptRequest("r1", "de-coord"), RECEIVER)
    command = x.ChangeRespondingCoordinator("r1", "de-coord-2")
    result = await arbitration.change_responding_coordinator(ctx, command, RECEIVER)
    assert result.aggregate.responding_coordinator_id == "de-coord-2"


async def test_req_089_124_a_copy_before_acceptance_has_no_pd_nor_attachments(ctx):
    await drafting.create_request(
        ctx, c.CreateRequest(CONTENT, send=True), SENDER, new_id=lambda: "r1"
    )
    command = x.CopyRequest("r1", CopyChoice())
    copy = await copying.copy_request(ctx, command, RECEIVER, new_id=lambda: "r2")
    stored = ctx.uow.collections["requests"]["r2"]
    assert (stored["status"], stored["requesting_authority_id"]) == ("draft", "de-ca")
    assert not stored["attachments"] and not stored["subject"]  # REQ-124
    assert copy.aggregate.copied_from_request_id == "r1"
    assert stored["responding_authority_id"] is None  # not itself as target
    own = await copying.copy_request(
        ctx, x.CopyRequest("r1", CopyChoice(question_codes=(Q1,))), SENDER, new_id=lambda: "r3"
    )
    assert [q.code for q in own.aggregate.questions] == [Q1]
    assert own.aggregate.subject[0].value == "Jean Dupont"
    assert own.aggregate.attachments[0].is_copy_of == "att-1"
    with pytest.raises(NotFound):  # X-010
        await copying.copy_request(ctx, command, STRANGER)


async def test_req_049_053_only_handlers_or_arbiters_of_the_authority_are_allocated(ctx, params):
    params("de-ca", allocation_enabled=True)
    await drafting.create_request(
        ctx, c.CreateRequest(CONTENT, send=True), SENDER, new_id=lambda: "r1"
    )
    for users in (("v-de",), ("u-fr",), ("u-nobody",)):  # a viewer, another authority, unknown
        with pytest.raises(InvalidInput) as caught:
            await allocation.allocate_request(
                ctx, c.AllocateRequest("r1", Side.RESPONDING, users), DE_ALLOCATOR
            )
        assert caught.value.rule_id == "REQ-049"
    await allocation.allocate_request(
        ctx, c.AllocateRequest("r1", Side.RESPONDING, ("u-de-2",)), DE_ALLOCATOR
    )
    assert list(ctx.uow.collections["requests"]["r1"]["allocations"]["responding"]) == ["u-de-2"]


async def test_req_106_a_stored_request_is_what_asdict_gives_without_its_deep_copies(ctx):
    """Issue 12: `plain` (the repository's document) equals `dataclasses.asdict` on a request
    with history, answers, messages and allocations, and shares none of its containers."""
    await accepted(ctx)
    await reply(ctx, "SD-GENERAL.Q1", "SD-GENERAL.Q2")
    request = RequestRepository(FakeTransaction(ctx.uow.collections)).from_document(
        ctx.uow.collections["requests"]["r1"]
    )
    assert request.history and request.answers
    got = plain(request)
    assert got == asdict(request)
    assert got["history"] is not request.history and got["history"][0] is not request.history[0]
