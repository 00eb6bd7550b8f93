"""Pure rules of creating and sending a request (REQ-007, REQ-013, REQ-015, REQ-055, REQ-058)."""

from datetime import UTC, datetime

import pytest

from imi_requests.domain.events import status_changed
from imi_requests.domain.request import (
    Actor,
    RequestDraft,
    RequestStatus,
    create_draft,
    ensure_own,
    send,
)
from imi_shared.errors import Conflict, Forbidden, InvalidInput, NotFound

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HANDLER = Actor("u-fr", "ca-fr", "FR", frozenset({"services"}))
COMPLETE = RequestDraft("services", "ca-de", "DE", "qs-services-1", ("q1", "q2"))


def test_req_055_a_handler_creates_a_draft_with_only_the_la():
    request = create_draft("r1", RequestDraft("services"), HANDLER, NOW)
    assert (request.status, request.requesting_authority_id, request.requesting_member_state) == (
        RequestStatus.DRAFT,
        "ca-fr",
        "FR",
    )


def test_req_007_without_the_handler_right_in_the_la_creating_is_forbidden():
    with pytest.raises(Forbidden) as refused:
        create_draft("r1", RequestDraft("patients"), HANDLER, NOW)
    assert refused.value.rule_id == "REQ-007"


@pytest.mark.parametrize(
    "draft, field",
    [
        (RequestDraft("services", None, None, "qs", ("q1",)), "responding_authority_id"),
        (RequestDraft("services", "ca-de", "DE", None, ("q1",)), "question_set_code"),
        (RequestDraft("services", "ca-de", "DE", "qs", ()), "question_codes"),
    ],
)
def test_req_013_sending_needs_the_target_a_question_set_and_a_question(draft, field):
    request = create_draft("r1", draft, HANDLER, NOW)
    with pytest.raises(InvalidInput) as refused:
        send(request, HANDLER, NOW)
    assert (refused.value.rule_id, refused.value.field) == ("REQ-013", field)


def test_req_015_the_responding_authority_is_in_another_member_state():
    with pytest.raises(InvalidInput) as refused:
        create_draft("r1", RequestDraft("services", "ca-fr2", "FR"), HANDLER, NOW)
    assert refused.value.rule_id == "REQ-015"


def test_req_058_sending_a_complete_draft_awaits_acceptance():
    sent = send(create_draft("r1", COMPLETE, HANDLER, NOW), HANDLER, NOW)
    assert (sent.status, sent.sent_at) == (RequestStatus.AWAITING_ACCEPTANCE, NOW)


def test_req_058_only_a_draft_can_be_sent():
    sent = send(create_draft("r1", COMPLETE, HANDLER, NOW), HANDLER, NOW)
    with pytest.raises(Conflict):
        send(sent, HANDLER, NOW)


def test_x_010_another_authoritys_request_is_absent():
    request = create_draft("r1", COMPLETE, HANDLER, NOW)
    stranger = Actor("u-x", "ca-other", "FR", frozenset({"services"}))
    with pytest.raises(NotFound):
        ensure_own(request, stranger)
    with pytest.raises(NotFound):
        send(request, stranger, NOW)


def test_x_051_the_status_event_carries_ids_and_codes_only():
    sent = send(create_draft("r1", COMPLETE, HANDLER, NOW), HANDLER, NOW)
    event = status_changed(sent, RequestStatus.DRAFT, HANDLER)
    assert event.model_dump(mode="json") == {
        "request_id": "r1",
        "la_code": "services",
        "old_status": "draft",
        "new_status": "awaiting_acceptance",
        "side": "requesting",
        "actor_user_id": "u-fr",
        "actor_authority_id": "ca-fr",
        "requesting_authority_id": "ca-fr",
        "requesting_member_state": "FR",
        "responding_authority_id": "ca-de",
        "responding_member_state": "DE",
    }
