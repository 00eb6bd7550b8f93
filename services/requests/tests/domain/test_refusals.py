"""Refusals of the request rules: wrong role, wrong state, not allocated, wrong content, and
what each party may see (PD before acceptance). Rights are judged before the status."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from imi_requests.domain import allocation, approval, drafting, incoming
from imi_requests.domain.drafting import DraftContent
from imi_requests.domain.question_sets import QUESTION_SETS
from imi_requests.domain.request import FreeText, Question, Side
from imi_requests.domain.request import RequestStatus as S
from imi_requests.domain.visibility import View, view_of
from imi_shared.errors import Conflict, Forbidden, InvalidInput

WHY = FreeText("no competence for this", "en")
FR_CA, FR_C, DE_CA, DE_C, DE_CA2 = "fr-ca", "fr-coord", "de-ca", "de-coord", "de-ca2"
CATALOGUE = (
    Path(__file__).resolve().parents[3]
    / "translation/src/imi_translation/catalogues/question_sets.json"
)


def refused(kind, call) -> str:
    with pytest.raises(kind) as caught:
        call()
    return caught.value.rule_id


# -- wrong role -----------------------------------------------------------------------------
def test_req_007_a_viewer_may_not_create_or_send(world):
    assert (
        refused(
            Forbidden,
            lambda: drafting.create_draft(
                "r", DraftContent("services"), world.fr_viewer, world.facts(FR_CA), world.now
            ),
        )
        == "REQ-007"
    )
    request = world.draft()
    assert (
        refused(
            Forbidden,
            lambda: drafting.send(
                request, world.fr_viewer, world.facts(FR_CA), world.facts(DE_CA), None, world.now
            ),
        )
        == "REQ-008"
    )


def test_req_007_only_the_responding_authority_accepts(world):
    request = world.at(S.AWAITING_ACCEPTANCE)
    other = world.de_ca2_handler
    assert (
        refused(
            Forbidden,
            lambda: incoming.accept(request, other, world.facts(DE_CA2), None, None, world.now),
        )
        == "REQ-007"
    )
    assert (
        refused(
            Forbidden,
            lambda: incoming.accept(
                request, world.de_viewer, world.facts(DE_CA), None, None, world.now
            ),
        )
        == "REQ-008"
    )


def test_req_121_010_only_an_arbiter_of_the_selected_coordinator_approves(world):
    request = world.at(S.AWAITING_REQUEST_APPROVAL)
    assert (
        refused(
            Forbidden,
            lambda: approval.approve_request(
                request, world.de_arbiter, world.facts(DE_C), world.now
            ),
        )
        == "REQ-121"
    )
    not_arbiter = replace(world.fr_arbiter, rights={"services": frozenset({"request_handler"})})
    assert (
        refused(
            Forbidden,
            lambda: approval.approve_request(request, not_arbiter, world.facts(FR_C), world.now),
        )
        == "REQ-010"
    )


def test_req_028_111_refusal_only_where_the_parameter_allows_it(world):
    request = world.at(S.AWAITING_ACCEPTANCE)  # REQ-111: default parameters, no refusal
    assert (
        refused(
            Forbidden,
            lambda: incoming.refuse(request, world.receiver, world.facts(DE_CA), WHY, world.now),
        )
        == "REQ-028"
    )
    assert request.status is S.AWAITING_ACCEPTANCE


def test_req_028_an_imi_coordinator_refuses_for_its_ms(world):
    request = world.draft(responding_authority_id=DE_C)
    world.send(request)
    coordinator_handler = replace(world.receiver, authority_id=DE_C)
    incoming.refuse(request, coordinator_handler, world.facts(DE_C), WHY, world.now)
    assert request.status is S.REFUSED


def test_req_049_only_allocators_allocate(world):
    request = world.at(S.AWAITING_ACCEPTANCE)
    world.set(DE_CA, allocation_enabled=True)
    assert (
        refused(
            Forbidden, lambda: world.allocate(request, world.receiver, Side.RESPONDING, ("u-de",))
        )
        == "REQ-049"
    )


# -- wrong state ----------------------------------------------------------------------------
def test_req_058_a_sent_request_is_not_sent_again(world):
    request = world.at(S.AWAITING_ACCEPTANCE)
    assert refused(Conflict, lambda: world.send(request)) == "REQ-058"


def test_req_062_an_accepted_request_is_not_accepted_again(world):
    request = world.at(S.ACCEPTED)
    assert refused(Conflict, lambda: world.accept(request)) == "REQ-062"


def test_req_059_approval_only_while_awaiting_it(world):
    request = world.at(S.AWAITING_ACCEPTANCE)
    assert (
        refused(
            Conflict,
            lambda: approval.approve_request(
                request, world.fr_arbiter, world.facts(FR_C), world.now
            ),
        )
        == "REQ-059"
    )


def test_req_065_split_not_after_the_reply(world):
    request = world.at(S.ANSWERED)
    assert (
        refused(
            Conflict,
            lambda: incoming.split(
                request,
                world.receiver,
                world.facts(DE_CA),
                world.facts(DE_CA2),
                ("SD-GENERAL.Q1",),
                (),
                WHY,
                "r2",
                world.now,
            ),
        )
        == "REQ-065"
    )


def test_req_052_an_outgoing_request_is_allocated_only_as_a_draft(world):
    world.set(FR_CA, allocation_enabled=True)
    fr_allocator = replace(
        world.sender, user_id="al-fr", rights={"services": frozenset({"allocator"})}
    )
    request = world.draft()
    world.allocate(request, fr_allocator, Side.REQUESTING, ("u-fr", "u-fr-2"))
    world.send(request)
    assert (
        refused(Conflict, lambda: world.allocate(request, fr_allocator, Side.REQUESTING, ("u-fr",)))
        == "REQ-052"
    )


def test_rights_before_state_a_handler_of_another_authority_gets_403_not_409(world):
    request = world.at(S.CLOSED)
    assert (
        refused(
            Forbidden,
            lambda: incoming.accept(
                request, world.de_ca2_handler, world.facts(DE_CA2), None, None, world.now
            ),
        )
        == "REQ-007"
    )


# -- not allocated --------------------------------------------------------------------------
def test_req_051_with_allocation_on_only_allocated_handlers_act(world):
    request = world.at(S.AWAITING_ACCEPTANCE)
    world.set(DE_CA, allocation_enabled=True)
    world.allocate(request, world.de_allocator, Side.RESPONDING, ("u-de-2",))
    assert refused(Forbidden, lambda: world.accept(request)) == "REQ-051"
    incoming.accept(request, world.de_other, world.facts(DE_CA), None, None, world.now)
    assert request.status is S.ACCEPTED
    assert view_of(request, world.receiver) is View.FULL  # REQ-051: full read access


def test_req_052_only_the_creator_acts_on_an_outgoing_request(world):
    request = world.draft()
    colleague = replace(world.sender, user_id="u-fr-2")
    assert (
        refused(
            Forbidden,
            lambda: drafting.send(
                request, colleague, world.facts(FR_CA), world.facts(DE_CA), None, world.now
            ),
        )
        == "REQ-052"
    )


def test_req_053_only_the_allocated_arbiter_approves(world):
    request = world.at(S.AWAITING_REQUEST_APPROVAL)
    world.set(FR_C, allocation_enabled=True)
    fr_coord_allocator = replace(
        world.fr_arbiter, user_id="al-c", rights={"services": frozenset({"allocator"})}
    )
    world.allocate(request, fr_coord_allocator, Side.REQUESTING_COORDINATOR, ("a-fr-2",))
    assert (
        refused(
            Forbidden,
            lambda: approval.approve_request(
                request, world.fr_arbiter, world.facts(FR_C), world.now
            ),
        )
        == "REQ-053"
    )


# -- content --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "changes, rule, field",
    [
        ({"responding_authority_id": None}, "REQ-013", "responding_authority_id"),
        ({"question_set_code": None, "questions": ()}, "REQ-013", "question_set_code"),
        ({"questions": ()}, "REQ-013", "questions"),
        ({"subject": ()}, "REQ-016", "subject"),
        ({"responding_authority_id": "fr-coord"}, "REQ-015", "responding_authority_id"),
    ],
)
def test_req_013_015_016_sending_needs_a_complete_request(world, changes, rule, field):
    request = world.draft(**changes)
    with pytest.raises(InvalidInput) as caught:
        world.send(request)
    assert (caught.value.rule_id, caught.value.field) == (rule, field)
    assert request.status is S.DRAFT


def test_req_017_a_set_may_require_justification_and_deadline(world):
    pq = DraftContent(
        "professional_qualifications", DE_CA, None, "PQ-GENERAL", (Question("PQ-GENERAL.Q1"),)
    )
    world.sender.rights["professional_qualifications"] = frozenset({"request_handler"})
    request, _ = drafting.create_draft("r", pq, world.sender, world.facts(FR_CA), world.now)
    request.subject = world.draft().subject[:0] + (
        replace(world.draft().subject[0], name="professional_name"),
    )
    with pytest.raises(InvalidInput) as caught:
        world.send(request)
    assert (caught.value.rule_id, caught.value.field) == ("REQ-017", "sending_justification")


def test_req_014_questions_come_from_the_one_question_set_of_the_la(world):
    assert refused(InvalidInput, lambda: world.draft(question_set_code="PQ-GENERAL")) == "REQ-014"
    assert (
        refused(InvalidInput, lambda: world.draft(questions=(Question("PQ-GENERAL.Q1"),)))
        == "REQ-014"
    )


def test_req_019_a_question_about_an_attachment_names_one_of_the_request(world):
    assert (
        refused(
            InvalidInput,
            lambda: world.draft(questions=(Question("SD-GENERAL.Q1", attachment_id="nope"),)),
        )
        == "REQ-019"
    )


def test_req_020_with_several_coordinators_the_sender_chooses(world):
    request = world.draft()
    own = replace(world.facts(FR_CA), associated_coordinator_ids=(FR_C, "fr-coord-2"))
    with pytest.raises(InvalidInput) as caught:
        drafting.send(request, world.sender, own, world.facts(DE_CA), None, world.now)
    assert caught.value.rule_id == "REQ-020"


def test_req_022_sending_to_an_authority_that_does_not_receive_is_refused(world):
    world.set(DE_CA, may_accept_incoming_requests=False)
    assert refused(InvalidInput, lambda: world.send(world.draft())) == "REQ-022"
    suspended = replace(world.facts(FR_CA), access="suspended")
    assert (
        refused(
            InvalidInput,
            lambda: drafting.send(
                world.draft(), world.sender, suspended, world.facts(DE_CA), None, world.now
            ),
        )
        == "REQ-022"
    )


def test_req_027_with_several_coordinators_the_acceptor_chooses(world):
    request = world.at(S.AWAITING_ACCEPTANCE)
    own = replace(world.facts(DE_CA), associated_coordinator_ids=(DE_C, "de-coord-2"))
    assert (
        refused(
            InvalidInput,
            lambda: incoming.accept(request, world.receiver, own, None, None, world.now),
        )
        == "REQ-027"
    )
    incoming.accept(request, world.receiver, own, "de-coord-2", None, world.now)
    assert request.responding_coordinator_id == "de-coord-2"


def test_x_026_forward_needs_a_justification(world):
    request = world.at(S.AWAITING_ACCEPTANCE)
    blank = FreeText("  ", "en")
    assert (
        refused(
            InvalidInput,
            lambda: incoming.forward(
                request, world.receiver, world.facts(DE_CA), world.facts(DE_CA2), blank, world.now
            ),
        )
        == "X-026"
    )


def test_req_119_forward_only_within_the_ms_to_an_active_authority(world):
    request = world.at(S.AWAITING_ACCEPTANCE)
    assert (
        refused(
            InvalidInput,
            lambda: incoming.forward(
                request, world.receiver, world.facts(DE_CA), world.facts(FR_C), WHY, world.now
            ),
        )
        == "REQ-119"
    )
    inactive = replace(world.facts(DE_CA2), status="suspended")
    assert (
        refused(
            InvalidInput,
            lambda: incoming.forward(
                request, world.receiver, world.facts(DE_CA), inactive, WHY, world.now
            ),
        )
        == "REQ-119"
    )


def test_req_030_a_split_keeps_at_least_one_question(world):
    request = world.at(S.AWAITING_ACCEPTANCE)
    assert (
        refused(
            InvalidInput,
            lambda: incoming.split(
                request,
                world.receiver,
                world.facts(DE_CA),
                world.facts(DE_CA2),
                ("SD-GENERAL.Q1", "SD-GENERAL.Q2"),
                (),
                WHY,
                "r2",
                world.now,
            ),
        )
        == "REQ-065"
    )


def test_req_047_not_approving_needs_suggestions(world):
    request = world.at(S.AWAITING_REQUEST_APPROVAL)
    assert (
        refused(
            InvalidInput,
            lambda: approval.not_approve_request(
                request, world.fr_arbiter, world.facts(FR_C), None, world.now
            ),
        )
        == "REQ-047"
    )


def test_req_014_our_question_set_codes_are_the_translation_catalogues():
    items = json.loads(CATALOGUE.read_text(encoding="utf-8"))["items"]
    sets = {i["code"]: i["la_code"] for i in items if i["kind"] == "question_set"}
    questions = {(i["parent_code"], i["code"]) for i in items if i["kind"] == "question"}
    for qs in QUESTION_SETS.values():
        assert sets.get(qs.code) == qs.la_code
        assert {(qs.code, q) for q in qs.question_codes} <= questions


def test_req_090_allocation_is_not_possible_when_off(world):
    request = world.at(S.AWAITING_ACCEPTANCE)
    assert (
        refused(
            Conflict,
            lambda: allocation.allocate(
                request,
                world.de_allocator,
                Side.RESPONDING,
                ("u-de",),
                world.facts(DE_CA),
                world.now,
                world.roles(),
            ),
        )
        == "REQ-049"
    )
