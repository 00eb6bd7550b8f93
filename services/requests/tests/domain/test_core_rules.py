"""The core rules of §4.1-§4.2 and the data model (REQ-001..REQ-005, REQ-012, REQ-018,
REQ-035, REQ-039, REQ-113, REQ-115; REQ-107 / REQ-109 are in test_data_model.py), each checked
through the real domain functions of the world in conftest.py (and the pure HTTP view)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from imi_requests.domain import copying, drafting, exchange, incoming, replies
from imi_requests.domain.actors import Actor
from imi_requests.domain.request import (
    TERMINAL,
    FreeText,
    Question,
    Side,
    SubjectField,
)
from imi_requests.domain.request import RequestStatus as S
from imi_requests.domain.visibility import View, view_of
from imi_requests.entrypoints.http.schemas import QuestionIn
from imi_requests.entrypoints.http.shaping import view
from imi_requests.reports.kinds import ReportKind
from imi_shared.errors import Conflict

FR_CA, FR_C, DE_CA, DE_C = "fr-ca", "fr-coord", "de-ca", "de-coord"
WHY = FreeText("no competence for this", "en")


def test_req_001_create_send_check_accept_answer_close(world):
    request = world.draft()
    assert request.status is S.DRAFT
    world.send(request)
    assert request.status is S.AWAITING_ACCEPTANCE
    assert view_of(request, world.receiver) is View.WITHOUT_PD  # checked without PD
    world.accept(request)
    assert request.status is S.ACCEPTED
    replies.send_reply(request, world.receiver, world.facts(DE_CA), world.facts(DE_C), world.now)
    assert request.status is S.ANSWERED
    replies.close(request, world.sender, world.tick())
    assert request.status is S.CLOSED and request.closed_at == world.now
    assert [h.rule for h in request.history if h.rule.startswith("REQ-0")][-4:] == [
        "REQ-058",
        "REQ-062",
        "REQ-068",
        "REQ-072",
    ]


def test_req_002_the_status_codes():
    assert {s.value for s in S} == {
        "draft",
        "awaiting_request_approval",
        "request_not_approved",
        "awaiting_acceptance",
        "accepted",
        "awaiting_reply_approval",
        "reply_not_approved",
        "answered",
        "further_info_requested",
        "further_info_accepted",
        "further_info_rejected",
        "arbitration_requesting_coordinator",
        "arbitration_responding_coordinator",
        "returned_by_arbiter",
        "refused",
        "closed",
    }


def test_req_003_refused_and_closed_are_terminal_and_close_the_handling(world):
    assert TERMINAL == {S.REFUSED, S.CLOSED}
    refused = world.at(S.REFUSED)
    with pytest.raises(Conflict):
        world.accept(refused)  # the handling is closed at once
    closed = world.at(S.CLOSED)
    with pytest.raises(Conflict):
        replies.request_further_info(closed, world.sender, WHY, world.tick())


def test_req_004_the_record_holds_the_parties_allocations_and_last_actors(world):
    request = world.at(S.ACCEPTED)
    assert (request.requesting_authority_id, request.responding_authority_id) == (FR_CA, DE_CA)
    assert (request.requesting_coordinator_id, request.responding_coordinator_id) == (FR_C, DE_C)
    assert request.allocated(Side.REQUESTING) == ("u-fr",)
    assert request.last_actors[Side.REQUESTING] == "u-fr"
    assert request.last_actors[Side.RESPONDING] == "u-de"


def test_req_005_the_report_types():
    assert {k.value for k in ReportKind} == {
        "full_with_pd",
        "full_without_pd",
        "custom",
        "data_subject_report",
        "data_subject_consent_form",
    }


def test_req_012_a_coordinator_sends_and_receives_like_an_authority(world):
    fr_c_handler = Actor("h-fr-c", FR_C, "FR", {"services": frozenset({"request_handler"})})
    content = drafting.DraftContent(
        la_code="services",
        responding_authority_id=DE_CA,
        question_set_code="SD-GENERAL",
        questions=(Question("SD-GENERAL.Q2"),),
        subject=(SubjectField("provider_name", "Jean Dupont"),),
    )
    request, _ = drafting.create_draft("rc", content, fr_c_handler, world.facts(FR_C), world.now)
    event = drafting.send(
        request, fr_c_handler, world.facts(FR_C), world.facts(DE_CA), None, world.tick()
    )
    assert event.new_status is S.AWAITING_ACCEPTANCE and request.requesting_authority_id == FR_C
    to_coordinator = world.draft(responding_authority_id=DE_C)
    world.send(to_coordinator)
    de_c_handler = Actor("h-de-c", DE_C, "DE", {"services": frozenset({"request_handler"})})
    incoming.accept(to_coordinator, de_c_handler, world.facts(DE_C), None, None, world.tick())
    assert to_coordinator.status is S.ACCEPTED


def test_req_018_every_free_text_carries_its_language():
    assert QuestionIn(code="SD-GENERAL.Q1", comment={"text": "see", "lang": "fr"}).comment
    with pytest.raises(ValidationError):
        QuestionIn(code="SD-GENERAL.Q1", comment={"text": "see"})
    with pytest.raises(ValidationError):
        QuestionIn(code="SD-GENERAL.Q1", comment={"text": "see", "lang": "French"})


def test_req_035_after_closure_new_questions_go_through_copy(world):
    request = world.at(S.CLOSED)
    with pytest.raises(Conflict):
        exchange.request_further_info(request, world.sender, (), WHY, world.tick())
    copy, _ = copying.copy_request(
        request, "r9", world.sender, world.facts(FR_CA), True, world.tick()
    )
    assert (copy.status, copy.copied_from_request_id, request.status) == (
        S.DRAFT,
        "r1",
        S.CLOSED,
    )


def test_req_039_participation_is_read_when_arbitration_starts(world):
    request = world.at(S.FURTHER_INFO_REJECTED)
    world.set(FR_C, arbitration_participation=False)  # changed after acceptance
    world.maintain(request)
    assert (request.arbitration_scenario, request.status) == (
        "S2",
        S.ARBITRATION_RESPONDING_COORDINATOR,
    )


def test_req_113_before_acceptance_the_comment_shows_but_not_the_name_or_the_attachment(world):
    request = world.at(S.AWAITING_ACCEPTANCE)
    before = view(request, 1, view_of(request, world.receiver), world.receiver).model_dump()
    [q1, _] = before["questions"]
    assert q1["comment"]["text"] == "see attached diploma" and q1["attachment_id"] is None
    assert before["attachments"] == []
    assert "Jean Dupont" not in str(before)
    world.accept(request)
    after = view(request, 2, view_of(request, world.receiver), world.receiver).model_dump()
    assert after["questions"][0]["attachment_id"] == "att-1"
    assert [a["filename"] for a in after["attachments"]] == ["diploma.pdf"]
    assert "Jean Dupont" in str(after)


def test_req_115_an_arbiter_under_arbitration_gets_no_pd_or_attachments(world):
    request = world.at(S.ARBITRATION_REQUESTING_COORDINATOR)
    seen = view_of(request, world.fr_arbiter)
    shaped = view(request, 1, seen, world.fr_arbiter).model_dump()
    assert seen is View.WITHOUT_PD and shaped["attachments"] == []
    assert all(q["attachment_id"] is None for q in shaped["questions"])
    assert "Jean Dupont" not in str(shaped) and "diploma.pdf" not in str(shaped)
    assert {f["name"] for f in shaped["subject"]} == {"activity"}


def test_req_110_an_allocation_records_side_users_by_whom_and_when(world):
    request = world.at(S.AWAITING_ACCEPTANCE)
    world.set(DE_CA, allocation_enabled=True)
    event = world.allocate(request, world.de_allocator, Side.RESPONDING, ("u-de",))
    assert (event.request_id, event.side, event.user_ids) == ("r1", Side.RESPONDING, ("u-de",))
    assert event.actor.user_id == "al-de" and request.allocated(Side.RESPONDING) == ("u-de",)
    last = request.history[-1]
    assert (last.user_id, last.at) == ("al-de", world.now)


def test_req_106_the_request_records_when_it_was_answered_and_who_closed_it(world):
    request = world.at(S.ANSWERED)
    answered = request.answered_at
    assert answered is not None and request.closed_by is None
    replies.close(request, world.sender, world.tick())
    assert (request.answered_at, request.closed_by) == (answered, FR_CA)
    assert world.at(S.REFUSED).closed_by == DE_CA
    arbitrated = world.at(S.ARBITRATION_RESPONDING_COORDINATOR)
    replies.arbitrate(arbitrated, world.de_arbiter, world.facts(DE_C), True, world.tick())
    assert (arbitrated.status, arbitrated.closed_by) == (S.CLOSED, DE_C)  # a coordinator
