"""One test per row of the request state machine (§4.11), named with the row's rule id.
Refusals (wrong role, wrong state, not allocated, PD before acceptance) are in
test_refusals.py; every row id is checked to be named by a test (the last test here)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from imi_requests.domain import approval, copying, drafting, incoming, replies
from imi_requests.domain.events import Allocated, Deleted, Split, StatusChanged
from imi_requests.domain.request import FreeText, Side
from imi_requests.domain.request import RequestStatus as S
from imi_requests.domain.state_machine import ROWS

FI = FreeText("which register?", "en")
WHY = FreeText("no competence for this", "en")  # the world's justification
FR_CA, FR_C, DE_CA, DE_C, DE_CA2 = "fr-ca", "fr-coord", "de-ca", "de-coord", "de-ca2"


def test_req_055_a_handler_of_an_active_authority_saves_a_draft(world):
    request, [event] = drafting.create_draft(
        "r1", drafting.DraftContent("services"), world.sender, world.facts(FR_CA), world.now
    )
    assert request.status is S.DRAFT and (event.old_status, event.new_status) == (None, S.DRAFT)
    assert request.allocated(Side.REQUESTING) == ("u-fr",)  # REQ-052: the creator


def test_req_056_a_draft_is_edited_then_deleted(world):
    request = world.draft()
    drafting.edit(request, drafting.DraftContent("services", DE_CA2), world.sender, world.now)
    assert request.responding_authority_id == DE_CA2 and request.status is S.DRAFT
    assert drafting.delete(request, world.sender) == Deleted("r1", "REQ-056", world.sender)


def test_req_057_045_sending_with_approval_goes_to_the_requesting_coordinator(world):
    request = world.at(S.AWAITING_REQUEST_APPROVAL)
    assert request.status is S.AWAITING_REQUEST_APPROVAL
    assert request.requesting_coordinator_id == FR_C


def test_req_058_111_sending_without_approval_goes_to_the_responding_authority(world):
    request = world.draft()
    event = world.send(request)
    assert (event.old_status, event.new_status, event.rule) == (
        S.DRAFT,
        S.AWAITING_ACCEPTANCE,
        "REQ-058",
    )
    assert request.responding_member_state == "DE" and request.sent_at == world.now


def test_req_059_an_arbiter_of_the_requesting_coordinator_approves(world):
    request = world.at(S.AWAITING_REQUEST_APPROVAL)
    event = approval.approve_request(request, world.fr_arbiter, world.facts(FR_C), world.now)
    assert event.new_status is S.AWAITING_ACCEPTANCE and event.side is Side.REQUESTING_COORDINATOR


def test_req_060_not_approved_returns_with_suggestions(world):
    request = world.at(S.REQUEST_NOT_APPROVED)
    assert request.status is S.REQUEST_NOT_APPROVED
    [suggestion] = request.suggestions
    assert suggestion.side is Side.REQUESTING and suggestion.text.text == "add the register"


def test_req_061_the_amended_request_is_resubmitted_for_approval(world):
    request = world.at(S.REQUEST_NOT_APPROVED)
    drafting.edit(request, drafting.DraftContent("services", DE_CA2), world.sender, world.now)
    event = approval.resubmit_request(request, world.sender, world.now)
    assert event.new_status is S.AWAITING_REQUEST_APPROVAL
    assert request.responding_authority_id == DE_CA2


def test_req_129_a_request_not_approved_is_abandoned(world):
    request = world.at(S.REQUEST_NOT_APPROVED)
    assert approval.abandon(request, world.sender).rule == "REQ-129"


def test_req_062_026_accept_choosing_the_coordinator_and_proposing_a_date(world):
    request = world.at(S.AWAITING_ACCEPTANCE)
    event = world.accept(request, date(2026, 4, 1))
    assert event.new_status is S.ACCEPTED and event.proposed_deadline == date(2026, 4, 1)
    assert request.responding_coordinator_id == DE_C
    assert request.proposed_deadline == date(2026, 4, 1)  # REQ-026: shown to the requester


def test_req_063_refuse_with_justification_closes(world):
    request = world.at(S.REFUSED)
    assert request.status is S.REFUSED and request.closed_at is not None
    assert request.history[-1].justification == WHY


@pytest.mark.parametrize(
    "status",
    [
        S.AWAITING_ACCEPTANCE,
        S.ACCEPTED,
        S.FURTHER_INFO_REQUESTED,
        S.FURTHER_INFO_ACCEPTED,
        S.REPLY_NOT_APPROVED,
        S.RETURNED_BY_ARBITER,
    ],
)
def test_req_064_forward_from_every_status_held_by_the_responding_side(world, status):
    request = world.at(status)
    event = incoming.forward(
        request, world.receiver, world.facts(DE_CA), world.facts(DE_CA2), WHY, world.now
    )
    assert event.new_status is S.AWAITING_ACCEPTANCE
    assert request.responding_authority_id == DE_CA2


def test_req_119_forwarding_clears_the_responding_side(world):
    request = world.at(S.ACCEPTED)
    world.set(DE_CA, allocation_enabled=True)
    world.allocate(request, world.de_allocator, Side.RESPONDING, ("u-de",))
    incoming.forward(
        request, world.receiver, world.facts(DE_CA), world.facts(DE_CA2), WHY, world.now
    )
    assert request.responding_coordinator_id is None and request.accepted_at is None
    assert Side.RESPONDING not in request.allocations and Side.RESPONDING not in request.last_actors
    assert request.former_responding_authority_ids == (DE_CA,)


def test_req_065_120_split_moves_questions_and_copies_attachments(world):
    request = world.at(S.ACCEPTED)
    request.sending_justification = FreeText("cross-border check", "fr")
    request.indicative_deadline = date(2026, 5, 4)
    new, events = incoming.split(
        request,
        world.receiver,
        world.facts(DE_CA),
        world.facts(DE_CA2),
        ("SD-GENERAL.Q1",),
        ("att-1",),
        WHY,
        "r2",
        world.now,
    )
    assert request.status is S.ACCEPTED and [q.code for q in request.open_questions] == [
        "SD-GENERAL.Q2"
    ]
    assert request.attachments[0].attachment_id == "att-1"  # the original keeps it
    assert (new.status, new.responding_authority_id, new.split_from_request_id) == (
        S.AWAITING_ACCEPTANCE,
        DE_CA2,
        "r1",
    )
    assert new.attachments[0].is_copy_of == "att-1" and new.subject == request.subject  # REQ-120
    copied = ("la_code", "question_set_code", "sending_justification", "indicative_deadline")
    copied += ("requesting_authority_id", "requesting_coordinator_id")
    assert {f: getattr(new, f) for f in copied} == {f: getattr(request, f) for f in copied}
    assert new.request_id != request.request_id and new.requesting_coordinator_id == "fr-coord"
    moved = [q for q in request.questions if q.code == "SD-GENERAL.Q1"]
    assert [q.moved_to_request_id for q in moved] == ["r2"]  # read-only in the original
    assert isinstance(events[0], Split) and isinstance(events[1], StatusChanged)


def test_req_066_a_message_leaves_the_status_unchanged(world):
    request = world.at(S.ACCEPTED)
    replies.add_message(request, world.sender, world.facts(FR_CA), world.now)
    replies.add_message(request, world.receiver, world.facts(DE_CA), world.now)
    assert request.status is S.ACCEPTED and request.history[-1].rule == "REQ-066"


def test_req_067_the_reply_goes_to_the_responding_coordinator_when_approval_applies(world):
    assert world.at(S.AWAITING_REPLY_APPROVAL).status is S.AWAITING_REPLY_APPROVAL


def test_req_068_the_reply_is_answered_without_approval(world):
    assert world.at(S.ANSWERED).status is S.ANSWERED


def test_req_069_an_arbiter_approves_the_reply(world):
    request = world.at(S.AWAITING_REPLY_APPROVAL)
    event = approval.approve_pending(request, world.de_arbiter, world.facts(DE_C), world.now)
    assert (event.rule, event.new_status) == ("REQ-069", S.ANSWERED)


def test_req_070_the_reply_is_not_approved(world):
    request = world.at(S.REPLY_NOT_APPROVED)
    assert request.suggestions[0].side is Side.RESPONDING


def test_req_071_the_modified_reply_is_resubmitted(world):
    request = world.at(S.REPLY_NOT_APPROVED)
    event = approval.resubmit_reply(request, world.receiver, world.facts(DE_CA), world.now)
    assert event.new_status is S.AWAITING_REPLY_APPROVAL


def test_req_072_034_the_requester_closes_an_answered_request(world):
    request = world.at(S.CLOSED)
    assert request.status is S.CLOSED and request.history[-1].rule == "REQ-072"


def test_req_073_further_information_rounds_are_not_capped(world):
    request = world.at(S.FURTHER_INFO_ACCEPTED)
    replies.send_reply(request, world.receiver, world.facts(DE_CA), None, world.now)
    replies.request_further_info(request, world.sender, FI, world.now)
    assert request.status is S.FURTHER_INFO_REQUESTED and request.further_info_round == 2


def test_req_074_the_responder_accepts_to_provide_further_information(world):
    assert world.at(S.FURTHER_INFO_ACCEPTED).status is S.FURTHER_INFO_ACCEPTED


def test_req_075_the_responder_rejects_further_information(world):
    request = world.at(S.FURTHER_INFO_REJECTED)
    assert request.history[-1].rule == "REQ-075" and request.history[-1].justification == WHY


def test_req_126_125_a_rejection_goes_through_reply_approval(world):
    request = world.at(S.FURTHER_INFO_REQUESTED)
    world.set(DE_CA, approval_required=True)
    world.set(DE_C, approve_replies=True)
    event = world.answer_fi(request, accept=False)
    assert (event.rule, event.new_status) == ("REQ-126", S.AWAITING_REPLY_APPROVAL)


def test_req_127_the_arbiter_approves_the_rejection(world):
    request = world.at(S.FURTHER_INFO_REQUESTED)
    world.set(DE_CA, approval_required=True)
    world.set(DE_C, approve_replies=True)
    world.answer_fi(request, accept=False)
    event = approval.approve_pending(request, world.de_arbiter, world.facts(DE_C), world.now)
    assert (event.rule, event.new_status) == ("REQ-127", S.FURTHER_INFO_REJECTED)


def test_req_076_038_the_requester_accepts_the_justification_and_closes(world):
    request = world.at(S.FURTHER_INFO_REJECTED)
    assert replies.close(request, world.sender, world.now).rule == "REQ-076"


def test_req_077_038_maintained_in_s3_goes_to_the_requesting_coordinator(world):
    request = world.at(S.ARBITRATION_REQUESTING_COORDINATOR)
    assert request.status is S.ARBITRATION_REQUESTING_COORDINATOR
    assert request.arbitration_scenario == "S3"  # REQ-114: both participate by default


def test_req_078_maintained_in_s2_goes_to_the_responding_coordinator(world):
    request = world.at(S.ARBITRATION_RESPONDING_COORDINATOR)
    assert (request.status, request.arbitration_scenario) == (
        S.ARBITRATION_RESPONDING_COORDINATOR,
        "S2",
    )


def test_req_079_s4_allows_one_more_further_information_request(world):
    world.set(FR_C, arbitration_participation=False)
    world.set(DE_C, arbitration_participation=False)
    request = world.at(S.FURTHER_INFO_REJECTED)
    event = replies.request_further_info(request, world.sender, FI, world.now)
    assert (event.rule, request.s4_repeat_used, request.further_info_round) == ("REQ-079", True, 2)


def test_req_080_s4_repeat_maintained_closes(world):
    world.set(FR_C, arbitration_participation=False)
    world.set(DE_C, arbitration_participation=False)
    request = world.at(S.FURTHER_INFO_REJECTED)
    replies.request_further_info(request, world.sender, FI, world.now)
    event = world.answer_fi(request, accept=False)
    assert (event.rule, event.new_status) == ("REQ-080", S.CLOSED)


def test_req_081_the_requesting_arbiter_finds_the_reply_satisfactory(world):
    request = world.at(S.ARBITRATION_REQUESTING_COORDINATOR)
    event = replies.arbitrate(request, world.fr_arbiter, world.facts(FR_C), True, world.now)
    assert (event.rule, event.new_status) == ("REQ-081", S.CLOSED)


def test_req_082_not_satisfactory_in_s1_returns_it(world):
    request = world.at(S.RETURNED_BY_ARBITER)
    assert (request.arbitration_scenario, request.history[-1].rule) == ("S1", "REQ-082")


def test_req_083_not_satisfactory_in_s3_goes_to_the_responding_coordinator(world):
    request = world.at(S.ARBITRATION_REQUESTING_COORDINATOR)
    event = replies.arbitrate(request, world.fr_arbiter, world.facts(FR_C), False, world.now)
    assert (event.rule, event.new_status) == ("REQ-083", S.ARBITRATION_RESPONDING_COORDINATOR)


def test_req_084_the_responding_arbiter_closes(world):
    request = world.at(S.ARBITRATION_RESPONDING_COORDINATOR)
    event = replies.arbitrate(request, world.de_arbiter, world.facts(DE_C), True, world.now)
    assert (event.rule, event.new_status) == ("REQ-084", S.CLOSED)


def test_req_085_the_responding_arbiter_returns_it(world):
    request = world.at(S.ARBITRATION_RESPONDING_COORDINATOR)
    event = replies.arbitrate(request, world.de_arbiter, world.facts(DE_C), False, world.now)
    assert (event.rule, event.new_status) == ("REQ-085", S.RETURNED_BY_ARBITER)


def test_req_086_returned_the_responder_accepts_to_provide(world):
    request = world.at(S.RETURNED_BY_ARBITER)
    event = replies.answer_returned(request, world.receiver, world.facts(DE_CA), True, world.now)
    assert event.new_status is S.FURTHER_INFO_ACCEPTED


def test_req_087_returned_in_s1_maintained_closes(world):
    request = world.at(S.RETURNED_BY_ARBITER)
    event = replies.answer_returned(request, world.receiver, world.facts(DE_CA), False, world.now)
    assert (event.rule, event.new_status) == ("REQ-087", S.CLOSED)


def test_req_088_returned_in_s2_maintained_is_rejected_again(world):
    request = world.at(S.ARBITRATION_RESPONDING_COORDINATOR)
    replies.arbitrate(request, world.de_arbiter, world.facts(DE_C), False, world.now)
    event = replies.answer_returned(request, world.receiver, world.facts(DE_CA), False, world.now)
    assert (event.rule, event.new_status) == ("REQ-088", S.FURTHER_INFO_REJECTED)


def test_req_089_054_a_handler_of_either_side_copies_without_what_it_cannot_read(world):
    source = world.at(S.AWAITING_ACCEPTANCE)
    copy, [event] = copying.copy_request(
        source, "r9", world.receiver, world.facts(DE_CA), False, world.now
    )
    assert (copy.status, copy.requesting_authority_id, event.rule) == (S.DRAFT, DE_CA, "REQ-089")
    assert copy.attachments == () and all(not f.personal_data for f in copy.subject)  # REQ-124


def test_req_090_an_allocator_allocates_an_incoming_request(world):
    request = world.at(S.AWAITING_ACCEPTANCE)
    world.set(DE_CA, allocation_enabled=True)
    event = world.allocate(request, world.de_allocator, Side.RESPONDING, ("u-de", "u-de-2"))
    assert event == Allocated("r1", Side.RESPONDING, ("u-de", "u-de-2"), world.de_allocator)
    assert request.status is S.AWAITING_ACCEPTANCE


def test_req_091_the_responding_coordinator_is_changed(world):
    request = world.at(S.ACCEPTED)
    own = world.facts(DE_CA)
    two = own.__class__(**{**own.__dict__, "associated_coordinator_ids": (DE_C, "de-coord-2")})
    replies.change_responding_coordinator(request, world.receiver, two, "de-coord-2", world.now)
    assert request.responding_coordinator_id == "de-coord-2" and request.status is S.ACCEPTED


def test_every_state_machine_row_is_named_by_a_test():
    here = Path(__file__).parent
    names = set()
    for path in here.glob("test_*.py"):
        names |= set(re.findall(r"def test_(req_\d{3})_", path.read_text(encoding="utf-8")))
    missing = {rule for rule in ROWS if rule.lower().replace("-", "_") not in names}
    assert not missing, sorted(missing)
