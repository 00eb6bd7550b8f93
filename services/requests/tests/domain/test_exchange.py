"""§4.5-4.7 content, pure: messages and attachments, the reply (drafts, partial, approval),
further-information rounds, and arbitration in the four configurations of the manual (S1..S4),
each played end to end through the domain functions."""

from __future__ import annotations

import pytest

from imi_requests.domain import exchange, incoming, messages, replies
from imi_requests.domain.exchange_visibility import (
    visible_answers,
    visible_messages,
    visible_rounds,
)
from imi_requests.domain.request import (
    Answer,
    Attachment,
    FreeText,
    MessageKind,
    Side,
)
from imi_requests.domain.request import RequestStatus as S
from imi_shared.errors import Conflict, Forbidden, InvalidInput

FR_C, DE_CA, DE_C, DE_CA2 = "fr-coord", "de-ca", "de-coord", "de-ca2"
WHY = FreeText("no competence for this", "en")
NOTE = FreeText("here is the register extract", "de")
ASK = FreeText("which register exactly?", "fr")
Q1, Q2 = "SD-GENERAL.Q1", "SD-GENERAL.Q2"


def answers(*codes: str, text: str = "yes") -> tuple[Answer, ...]:
    return tuple(Answer(code, text=FreeText(text, "de")) for code in codes)


def reply(world, request, *codes: str):
    exchange.save_answers(request, world.receiver, world.facts(DE_CA), answers(*codes))
    return exchange.send_reply(
        request, world.receiver, world.facts(DE_CA), world.facts(DE_C), world.tick()
    )


def answered(world):
    request = world.at(S.ACCEPTED)
    reply(world, request, Q1, Q2)
    return request


def rejected(world):
    request = answered(world)
    exchange.request_further_info(request, world.sender, (Q1,), ASK, world.tick())
    exchange.answer_further_info(
        request, world.receiver, world.facts(DE_CA), world.facts(DE_C), False, WHY, world.tick()
    )
    return request


def test_req_031_066_a_message_with_an_attachment_reaches_both_sides_only(world):
    request = world.at(S.ACCEPTED)
    attachment = Attachment("att-9", "extract.pdf", "store://9", comment_code="CERTIFICATE")
    event = messages.add_message(
        request, world.receiver, world.facts(DE_CA), NOTE, (attachment,), "m1", world.tick()
    )
    assert event.message.side is Side.RESPONDING and event.message.kind is MessageKind.COMMENT
    assert request.status is S.ACCEPTED and request.attachments[-1].attachment_id == "att-9"
    assert [m.message_id for m in visible_messages(request, "fr-ca", True)] == ["m1"]
    assert visible_messages(request, "fr-ca", False)[0].attachment_ids == ()  # X-011
    assert visible_messages(request, FR_C, False) == []  # REQ-108: comments are the sides'


def test_req_031_an_attachment_needs_its_predefined_comment(world):
    request = world.at(S.ACCEPTED)
    bare = Attachment("att-9", "extract.pdf", "store://9")
    with pytest.raises(InvalidInput) as caught:
        messages.add_message(
            request, world.sender, world.facts("fr-ca"), None, (bare,), "m1", world.now
        )
    assert caught.value.rule_id == "REQ-031" and request.messages == ()


def test_req_066_no_message_before_acceptance_nor_from_a_viewer(world):
    request = world.at(S.AWAITING_ACCEPTANCE)
    with pytest.raises(Conflict) as state:
        messages.add_message(request, world.sender, world.facts("fr-ca"), NOTE, (), "m1", world.now)
    accepted = world.at(S.ACCEPTED)
    with pytest.raises(Forbidden) as right:
        messages.add_message(
            accepted, world.de_viewer, world.facts(DE_CA), NOTE, (), "m1", world.now
        )
    assert (state.value.rule_id, right.value.rule_id) == ("REQ-066", "REQ-008")


def test_req_006_108_an_arbiters_opinion_during_arbitration_reaches_the_coordinators(world):
    request = world.at(S.ARBITRATION_REQUESTING_COORDINATOR)
    messages.add_opinion(
        request, world.fr_arbiter, FreeText("the reply is short", "fr"), "o1", world.now
    )
    assert [m.kind for m in visible_messages(request, DE_C, False)] == [
        MessageKind.COORDINATOR_OPINION
    ]
    with pytest.raises(Forbidden):
        messages.add_opinion(request, world.sender, NOTE, "o2", world.now)


def test_req_032_a_partial_reply_is_kept_as_a_draft_and_not_sent(world):
    request = world.at(S.ACCEPTED)
    exchange.save_answers(request, world.receiver, world.facts(DE_CA), answers(Q1))
    with pytest.raises(InvalidInput) as caught:
        exchange.send_reply(
            request, world.receiver, world.facts(DE_CA), world.facts(DE_C), world.now
        )
    assert caught.value.rule_id == "REQ-032" and request.status is S.ACCEPTED
    assert visible_answers(request, DE_CA, True)[0].sent_at is None  # its draft
    assert visible_answers(request, "fr-ca", True) == []  # not the requester's yet
    exchange.save_answers(request, world.receiver, world.facts(DE_CA), answers(Q1, Q2, text="no"))
    event = exchange.send_reply(
        request, world.receiver, world.facts(DE_CA), world.facts(DE_C), world.tick()
    )
    assert event.rule == "REQ-068" and request.status is S.ANSWERED
    assert [a.text.text for a in visible_answers(request, "fr-ca", True)] == ["no", "no"]


def test_req_032_only_the_responding_handler_answers_the_questions_asked(world):
    request = world.at(S.ACCEPTED)
    with pytest.raises(Forbidden):
        exchange.save_answers(request, world.sender, world.facts("fr-ca"), answers(Q1))
    with pytest.raises(InvalidInput) as caught:
        exchange.save_answers(request, world.receiver, world.facts(DE_CA), answers("SD-GENERAL.Q9"))
    assert caught.value.rule_id == "REQ-036"


def test_req_033_046_069_the_requester_reads_the_reply_only_once_approved(world):
    world.set(DE_CA, approval_required=True)
    world.set(DE_C, approve_replies=True)
    request = world.at(S.ACCEPTED)
    assert reply(world, request, Q1, Q2).rule == "REQ-067"
    assert visible_answers(request, "fr-ca", True) == []
    assert len(visible_answers(request, DE_C, False)) == 2  # the coordinator approves content
    exchange.approve_reply(request, world.de_arbiter, world.facts(DE_C), world.tick())
    assert request.status is S.ANSWERED and len(visible_answers(request, "fr-ca", True)) == 2


def test_req_070_071_a_reply_not_approved_is_modified_and_resubmitted(world):
    request = world.at(S.REPLY_NOT_APPROVED)
    exchange.save_answers(request, world.receiver, world.facts(DE_CA), answers(Q1, Q2, text="more"))
    event = exchange.send_reply(
        request, world.receiver, world.facts(DE_CA), world.facts(DE_C), world.now
    )
    assert (event.rule, request.status) == ("REQ-071", S.AWAITING_REPLY_APPROVAL)


def test_req_036_123_a_round_is_about_original_questions_and_kept_apart(world):
    request = answered(world)
    with pytest.raises(InvalidInput) as caught:
        exchange.request_further_info(request, world.sender, ("SD-GENERAL.Q9",), ASK, world.now)
    assert caught.value.rule_id == "REQ-036"
    exchange.request_further_info(request, world.sender, (Q1,), ASK, world.tick())
    exchange.answer_further_info(
        request, world.receiver, world.facts(DE_CA), world.facts(DE_C), True, None, world.tick()
    )
    with pytest.raises(InvalidInput):  # round 1 asks Q1 only
        exchange.save_answers(request, world.receiver, world.facts(DE_CA), answers(Q2))
    reply(world, request, Q1)
    [round_1] = visible_rounds(request, "fr-ca")
    assert (round_1.round, round_1.question_codes, round_1.justification) == (1, (Q1,), ASK)
    seen = visible_answers(request, "fr-ca", True)
    assert sorted((a.round, a.question_code) for a in seen) == [(0, Q1), (0, Q2), (1, Q1)]


def test_req_037_123_a_rejection_is_kept_with_its_round(world):
    request = rejected(world)
    assert request.status is S.FURTHER_INFO_REJECTED
    assert visible_rounds(request, "fr-ca")[0].rejection == WHY


def test_req_126_127_a_rejection_awaiting_approval_is_not_shown_to_the_requester(world):
    world.set(DE_CA, approval_required=True)
    world.set(DE_C, approve_replies=True)
    request = world.at(S.ACCEPTED)
    reply(world, request, Q1, Q2)
    exchange.approve_reply(request, world.de_arbiter, world.facts(DE_C), world.tick())
    exchange.request_further_info(request, world.sender, (), ASK, world.tick())
    exchange.answer_further_info(
        request, world.receiver, world.facts(DE_CA), world.facts(DE_C), False, WHY, world.tick()
    )
    assert request.status is S.AWAITING_REPLY_APPROVAL
    assert visible_rounds(request, "fr-ca")[0].rejection is None
    exchange.approve_reply(request, world.de_arbiter, world.facts(DE_C), world.tick())
    assert request.status is S.FURTHER_INFO_REJECTED
    assert visible_rounds(request, "fr-ca")[0].rejection == WHY


def test_req_029_116_forwarding_discards_draft_answers_and_keeps_messages(world):
    request = world.at(S.ACCEPTED)
    messages.add_message(request, world.receiver, world.facts(DE_CA), NOTE, (), "m1", world.now)
    exchange.save_answers(request, world.receiver, world.facts(DE_CA), answers(Q1))
    incoming.forward(
        request, world.receiver, world.facts(DE_CA), world.facts(DE_CA2), WHY, world.tick()
    )
    assert request.answers == () and [m.message_id for m in request.messages] == ["m1"]


def _maintain_and_decide(world, request, arbiter, coordinator, satisfactory: bool):
    replies.maintain(request, world.sender, world.facts(FR_C), world.facts(DE_C), world.tick())
    return replies.arbitrate(request, arbiter, world.facts(coordinator), satisfactory, world.tick())


def test_req_041_s1_the_requesting_coordinator_returns_it_the_responder_closes(world):
    world.set(DE_C, arbitration_participation=False)
    request = rejected(world)
    _maintain_and_decide(world, request, world.fr_arbiter, FR_C, False)
    assert (request.arbitration_scenario, request.status) == ("S1", S.RETURNED_BY_ARBITER)
    replies.answer_returned(request, world.receiver, world.facts(DE_CA), False, world.tick())
    assert request.status is S.CLOSED


def test_req_042_s2_the_responding_coordinator_returns_it_the_responder_maintains(world):
    world.set(FR_C, arbitration_participation=False)
    request = rejected(world)
    _maintain_and_decide(world, request, world.de_arbiter, DE_C, False)
    assert (request.arbitration_scenario, request.status) == ("S2", S.RETURNED_BY_ARBITER)
    replies.answer_returned(request, world.receiver, world.facts(DE_CA), False, world.tick())
    assert request.status is S.FURTHER_INFO_REJECTED  # REQ-088: the requester decides again
    replies.close(request, world.sender, world.tick())
    assert request.status is S.CLOSED


def test_req_043_114_s3_both_coordinators_then_the_responder_provides(world):
    request = rejected(world)
    _maintain_and_decide(world, request, world.fr_arbiter, FR_C, False)
    assert (request.arbitration_scenario, request.status) == (
        "S3",
        S.ARBITRATION_RESPONDING_COORDINATOR,
    )
    replies.arbitrate(request, world.de_arbiter, world.facts(DE_C), False, world.tick())
    replies.answer_returned(request, world.receiver, world.facts(DE_CA), True, world.tick())
    assert request.status is S.FURTHER_INFO_ACCEPTED
    reply(world, request, Q1)
    assert request.status is S.ANSWERED and request.further_info_round == 1


def test_req_044_s4_no_coordinator_one_more_request_then_the_responder_closes(world):
    world.set(FR_C, arbitration_participation=False)
    world.set(DE_C, arbitration_participation=False)
    request = rejected(world)
    with pytest.raises(Conflict) as caught:
        replies.maintain(request, world.sender, world.facts(FR_C), world.facts(DE_C), world.now)
    assert caught.value.rule_id == "REQ-044"
    exchange.request_further_info(request, world.sender, (Q1,), ASK, world.tick())
    assert request.s4_repeat_used and request.further_info_round == 2
    event = exchange.answer_further_info(
        request, world.receiver, world.facts(DE_CA), world.facts(DE_C), False, WHY, world.tick()
    )
    assert (event.rule, request.status) == ("REQ-080", S.CLOSED)
    assert [r.rejection for r in request.further_info_rounds] == [WHY, WHY]


def test_req_040_an_arbiter_finding_the_reply_satisfactory_closes(world):
    request = rejected(world)
    event = _maintain_and_decide(world, request, world.fr_arbiter, FR_C, True)
    assert (event.rule, request.status) == ("REQ-081", S.CLOSED) and request.closed_at


def test_req_053_a_coordinators_approval_work_goes_to_its_arbiters_only(world):
    from imi_requests.domain.actors import ALLOCATOR, Actor

    request = world.at(S.AWAITING_REQUEST_APPROVAL)
    world.set(FR_C, allocation_enabled=True)
    allocator = Actor("al-frc", FR_C, "FR", {"services": frozenset({ALLOCATOR})})
    with pytest.raises(InvalidInput) as caught:
        world.allocate(request, allocator, Side.REQUESTING_COORDINATOR, ("u-fr",))  # a handler
    assert caught.value.rule_id == "REQ-053"
    event = world.allocate(request, allocator, Side.REQUESTING_COORDINATOR, ("a-fr",))
    assert event.user_ids == ("a-fr",)


def test_req_051_with_allocation_on_a_handler_not_allocated_does_not_answer(world):
    request = world.at(S.ACCEPTED)
    world.set(DE_CA, allocation_enabled=True)
    world.allocate(request, world.de_allocator, Side.RESPONDING, ("u-de-2",))
    with pytest.raises(Forbidden) as caught:
        exchange.save_answers(request, world.receiver, world.facts(DE_CA), answers(Q1))
    assert caught.value.rule_id == "REQ-051"
    exchange.save_answers(request, world.de_other, world.facts(DE_CA), answers(Q1))


def test_rights_before_state_the_requester_replying_gets_403_the_responder_409(world):
    request = world.at(S.ANSWERED)
    with pytest.raises(Forbidden):
        exchange.send_reply(request, world.sender, world.facts("fr-ca"), None, world.now)
    with pytest.raises(Conflict) as caught:
        exchange.send_reply(request, world.receiver, world.facts(DE_CA), None, world.now)
    assert caught.value.rule_id == "REQ-068"


def test_req_036_a_further_information_request_needs_a_justification(world):
    request = world.at(S.ANSWERED)
    with pytest.raises(InvalidInput) as caught:
        exchange.request_further_info(request, world.sender, (), None, world.now)
    assert caught.value.rule_id == "X-026" and request.status is S.ANSWERED


def test_req_029_a_reply_not_approved_is_not_left_to_the_new_responding_authority(world):
    from imi_requests.domain import approval

    world.set(DE_CA, approval_required=True)
    world.set(DE_C, approve_replies=True)
    request = world.at(S.ACCEPTED)
    reply(world, request, Q1, Q2)  # sent to the coordinator, never delivered
    approval.not_approve_reply(
        request, world.de_arbiter, world.facts(DE_C), FreeText("no", "en"), world.tick()
    )
    assert request.status is S.REPLY_NOT_APPROVED and all(a.sent_at for a in request.answers)
    incoming.forward(
        request, world.receiver, world.facts(DE_CA), world.facts(DE_CA2), WHY, world.tick()
    )
    assert request.answers == () and request.status is S.AWAITING_ACCEPTANCE
