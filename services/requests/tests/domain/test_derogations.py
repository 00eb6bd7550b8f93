"""§4.14 individual derogations as pure rules (REQ-100..REQ-105, REQ-117, REQ-122)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from imi_requests.domain import derogation_decision as dd
from imi_requests.domain import derogations as d
from imi_requests.domain.question_sets import question_set
from imi_requests.domain.request import FreeText, Question
from imi_requests.domain.request import RequestStatus as S
from imi_shared.errors import Conflict, Forbidden, InvalidInput

from .conftest import HANDLER, VIEWER, person

CASE = FreeText("unsafe gas installations by the provider", "en")
WHY = FreeText("imminent risk to recipients", "en")


def refused(kind, call) -> str:
    with pytest.raises(kind) as caught:
        call()
    return caught.value.rule_id


def derogation_request(world, set_code=d.DEROGATION_REQUEST):
    q = f"{set_code}.Q1"
    return world.draft(question_set_code=set_code, questions=(Question(q),), attachments=())


def complete(request_id="r1", set_code=d.DEROGATION_REQUEST, **changes) -> d.Derogation:
    base = d.Derogation(
        request_id,
        set_code,
        frozenset(d.CHECKLISTS[set_code]),
        CASE,
        WHY,
        FreeText("no measures taken", "en") if set_code == d.NOTIFICATION else None,
        d.Procedure.NORMAL if set_code == d.NOTIFICATION else None,
        "req-step-1" if set_code == d.NOTIFICATION else None,
    )
    return replace(base, **changes)


def test_req_100_both_sets_are_offered_in_the_services_la_with_the_exceptional_notice():
    assert d.offered_sets(True) == ("SD-DEROGATION-REQUEST", "SD-INDIVIDUAL-MEASURES")
    assert d.offered_sets(False) == ()
    assert "exceptional" in d.NOTICE
    assert len(d.REQUEST_CHECKLIST) == 10  # REQ-101: a 10-step checklist


def test_req_101_every_step_and_both_texts_before_sending(world):
    request = derogation_request(world)
    assert refused(InvalidInput, lambda: d.check_before_sending(request, None)) == "REQ-101"
    partial = complete(confirmed=frozenset(d.REQUEST_CHECKLIST[:9]))
    assert refused(InvalidInput, lambda: d.check_before_sending(request, partial)) == "REQ-101"
    untold = complete(case_description=None)
    assert refused(InvalidInput, lambda: d.check_before_sending(request, untold)) == "REQ-101"
    d.check_before_sending(request, complete())  # all confirmed: it may go
    d.check_before_sending(world.draft(), None)  # an ordinary request has no checklist


def test_req_103_req_105_a_notification_needs_its_texts_and_the_step_1_reference(world):
    request = derogation_request(world, d.NOTIFICATION)
    full = complete(set_code=d.NOTIFICATION)
    for missing, rule in (
        (replace(full, inadequacy=None), "REQ-103"),
        (replace(full, procedure=None), "REQ-105"),
        (replace(full, linked_request_ref=None), "REQ-105"),
    ):
        assert refused(InvalidInput, lambda m=missing: d.check_before_sending(request, m)) == rule
    # REQ-105: the urgency procedure is notified without steps 1-2
    d.check_before_sending(
        request, replace(full, procedure=d.Procedure.URGENCY, linked_request_ref=None)
    )


def test_req_101_only_the_requesting_handler_edits_and_only_before_sending(world):
    request = derogation_request(world)
    edited = d.edit(request, world.sender, None, complete())
    assert edited.confirmed == frozenset(d.REQUEST_CHECKLIST) and edited.history == ("edited",)
    assert refused(Forbidden, lambda: d.edit(request, world.fr_viewer, None, complete())) == (
        "REQ-008"
    )
    bad = complete(confirmed=frozenset({"SD-DEROGATION-REQUEST.C11"}))
    assert refused(InvalidInput, lambda: d.edit(request, world.sender, None, bad)) == "REQ-101"
    wrong_set = complete(set_code=d.NOTIFICATION)
    assert refused(InvalidInput, lambda: d.edit(request, world.sender, None, wrong_set)) == (
        "REQ-100"
    )
    ordinary = world.draft()
    assert refused(InvalidInput, lambda: d.edit(ordinary, world.sender, None, complete())) == (
        "REQ-100"
    )
    sent = world.at(S.AWAITING_ACCEPTANCE)
    sent.question_set_code = d.DEROGATION_REQUEST
    assert refused(Conflict, lambda: d.edit(sent, world.sender, None, complete())) == "REQ-101"


def test_req_102_the_mse_states_its_measures_and_justifies_none(world):
    request = world.at(S.ACCEPTED)
    request.question_set_code = d.DEROGATION_REQUEST
    x = complete()
    assert refused(
        InvalidInput,
        lambda: d.state_measures(request, world.receiver, x, d.Measures.NONE, None, False),
    ) == ("REQ-102")
    stated = d.state_measures(request, world.receiver, x, d.Measures.NONE, WHY, False)
    assert stated.measures is d.Measures.NONE and stated.measures_justification == WHY
    planned = d.state_measures(request, world.receiver, x, d.Measures.PLANNED, None, False)
    assert planned.measures is d.Measures.PLANNED
    # the reply is sent only once the measures are stated
    assert refused(InvalidInput, lambda: d.check_reply(request, x)) == "REQ-102"
    d.check_reply(request, planned)
    # rights before state: the requesting side is refused as such, even before acceptance
    waiting = world.at(S.AWAITING_ACCEPTANCE)
    assert refused(
        Forbidden,
        lambda: d.state_measures(waiting, world.sender, x, d.Measures.TAKEN, None, False),
    ) == ("REQ-007")
    assert refused(
        Conflict,
        lambda: d.state_measures(waiting, world.receiver, x, d.Measures.TAKEN, None, False),
    ) == ("REQ-102")


def test_req_104_req_117_measures_may_be_taken_15_days_after_delivery_unless_decided():
    notification = complete(set_code=d.NOTIFICATION)
    delivered = d.delivered(notification, datetime(2025, 3, 1, 16, 30, tzinfo=UTC))
    assert delivered.measures_from == date(2025, 3, 16)
    # a later arrival (a forward within the MSE) does not move the date
    again = d.delivered(delivered, datetime(2025, 3, 5, tzinfo=UTC))
    assert again.measures_from == date(2025, 3, 16)
    assert d.delivered(complete(), datetime(2025, 3, 1, tzinfo=UTC)).delivered_at is None
    commission = person("c-1", "eu-derogations", "EU", HANDLER)
    decided = dd.record_decision(
        delivered, commission, FreeText("the measures are not compatible", "en"), datetime.now(UTC)
    )
    assert decided.measures_from is None and decided.decision.by_user_id == "c-1"


def test_req_122_only_commission_derogations_decides_on_a_delivered_notification(world):
    notification = complete(set_code=d.NOTIFICATION)
    at = datetime(2025, 3, 2, tzinfo=UTC)
    text = FreeText("contrary decision", "en")
    commission = person("c-1", "eu-derogations", "EU", HANDLER)
    reader = person("c-2", "eu-derogations", "EU", VIEWER)
    # rights before state: a member state's user is refused even on an undelivered one
    for who in (world.sender, reader):
        assert refused(Forbidden, lambda w=who: dd.record_decision(notification, w, text, at)) == (
            "REQ-122"
        )
    assert refused(Conflict, lambda: dd.record_decision(notification, commission, text, at)) == (
        "REQ-122"
    )
    delivered = d.delivered(notification, at)
    decided = dd.record_decision(delivered, commission, text, at)
    assert refused(Conflict, lambda: dd.record_decision(decided, commission, text, at)) == (
        "REQ-122"
    )
    assert dd.is_commission_derogations(reader) and not dd.is_commission_derogations(world.sender)


def test_req_100_the_derogation_question_sets_are_services_sets():
    for code in d.DEROGATION_SETS:
        assert question_set(code, "services").question_codes
    other_la = "professional_qualifications"
    assert refused(InvalidInput, lambda: question_set(d.NOTIFICATION, other_la)) == "REQ-014"
