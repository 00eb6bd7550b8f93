"""What each party sees of a request (X-010, X-011, REQ-008..REQ-011, REQ-024, REQ-025,
REQ-048, REQ-112, REQ-119, REQ-128): personal data never before acceptance."""

from __future__ import annotations

import pytest

from imi_requests.domain import incoming
from imi_requests.domain.request import FreeText, Side
from imi_requests.domain.request import RequestStatus as S
from imi_requests.domain.visibility import View, sees_suggestions, view_of
from imi_shared.errors import Forbidden, NotFound

WHY = FreeText("no competence for this", "en")
DE_CA, DE_CA2 = "de-ca", "de-ca2"


def refused(kind, call) -> str:
    with pytest.raises(kind) as caught:
        call()
    return caught.value.rule_id


def test_req_024_025_113_008_before_acceptance_no_pd_or_attachments_for_the_responder(world):
    request = world.at(S.AWAITING_ACCEPTANCE)
    assert view_of(request, world.receiver) is View.WITHOUT_PD  # REQ-113
    world.accept(request)
    assert view_of(request, world.receiver) is View.FULL  # REQ-025
    assert view_of(request, world.de_viewer) is View.FULL  # REQ-008


def test_req_112_the_responder_sees_nothing_until_approved(world):
    request = world.at(S.AWAITING_REQUEST_APPROVAL)
    assert refused(NotFound, lambda: view_of(request, world.receiver)) == "X-010"
    assert view_of(request, world.fr_arbiter) is View.WITHOUT_PD  # REQ-048


def test_req_009_allocators_see_no_pd(world):
    request = world.at(S.ACCEPTED)
    assert view_of(request, world.de_allocator) is View.WITHOUT_PD


def test_req_048_coordinators_never_see_pd(world):
    request = world.at(S.ACCEPTED)
    assert view_of(request, world.de_arbiter) is View.WITHOUT_PD
    assert view_of(request, world.fr_arbiter) is View.WITHOUT_PD


def test_req_011_other_handlers_of_the_ms_see_partial_information(world):
    request = world.at(S.ACCEPTED)
    assert view_of(request, world.de_ca2_handler) is View.PARTIAL
    assert refused(NotFound, lambda: view_of(world.draft(), world.de_ca2_handler)) == "X-010"


def test_x_010_a_stranger_gets_the_answer_of_an_absent_request(world):
    request = world.at(S.ACCEPTED)
    assert refused(NotFound, lambda: view_of(request, world.stranger)) == "X-010"


def test_req_119_the_forwarding_authority_keeps_only_the_partial_view(world):
    request = world.at(S.ACCEPTED)
    incoming.forward(
        request, world.receiver, world.facts(DE_CA), world.facts(DE_CA2), WHY, world.now
    )
    assert view_of(request, world.receiver) is View.PARTIAL
    assert refused(Forbidden, lambda: world.accept(request)) == "REQ-007"


def test_req_128_suggestions_stay_with_the_authority_and_coordinators(world):
    request = world.at(S.REQUEST_NOT_APPROVED)
    assert sees_suggestions(request, world.sender, Side.REQUESTING)
    assert sees_suggestions(request, world.fr_arbiter, Side.REQUESTING)
    assert not sees_suggestions(request, world.receiver, Side.REQUESTING)
