"""Pure rules of the notifier (no I/O)."""

from datetime import UTC, datetime

import pytest

from imi_notifier.domain.notification import (
    USER_WELCOME,
    Recipient,
    checked_params,
    for_user,
    may_receive,
    new_notification,
    queued,
    rendering_language,
    welcome,
)
from imi_shared.errors import InvalidInput

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def test_not_036_a_created_user_gets_the_welcome_template():
    notification = welcome("ev-1", Recipient("u1", "FR-A", "FR", "fr"), NOW)
    assert (notification.code, notification.recipient_id, notification.status) == (
        USER_WELCOME,
        "u1",
        "queued",
    )
    assert (notification.recipient_kind, notification.action_required) == ("user", False)
    assert queued(notification).notification_id == notification.notification_id


def test_not_001_the_event_carries_no_address_nor_name():
    event = queued(welcome("ev-1", Recipient("u1", "FR-A", "FR", "fr"), NOW))
    assert set(event.model_dump()) == {
        "notification_id",
        "code",
        "recipient_kind",
        "recipient_id",
        "authority_id",
        "member_state",
        "language",
        "action_required",
        "case_type",
        "case_ref",
        "queued_at",
    }


def test_not_001_the_id_is_one_per_source_event_code_and_recipient():
    fr = Recipient("u1", "FR-A", "FR", "fr")
    first, again = welcome("ev-1", fr, NOW), welcome("ev-1", fr, NOW)
    assert first.notification_id == again.notification_id
    assert welcome("ev-2", fr, NOW).notification_id != first.notification_id
    other = welcome("ev-1", Recipient("u2", "FR-A", "FR", "fr"), NOW)
    assert other.notification_id != first.notification_id


def test_not_006_action_required_follows_the_code_unless_stated():
    fr = Recipient("u1", "FR-A", "FR", "fr")
    assert for_user("e", "N_REQ_NEW_INCOMING", fr, NOW).action_required is True
    assert for_user("e", "N_ALR_CLOSED", fr, NOW).action_required is False
    assert for_user("e", "N_REQ_UPDATE", fr, NOW, action_required=True).action_required


@pytest.mark.parametrize(
    "params",
    [{f"k{i}": "v" for i in range(9)}, {"Bad Key": "v"}, {"message": "x" * 201}],
)
def test_not_001_params_are_few_short_and_named(params):
    with pytest.raises(InvalidInput):
        checked_params(params)


def test_not_001_an_unknown_code_or_recipient_kind_is_refused():
    fr = Recipient("u1", "FR-A", "FR", "fr")
    with pytest.raises(InvalidInput):
        for_user("e", "N_NOPE", fr, NOW)
    with pytest.raises(InvalidInput):
        new_notification(
            "e",
            "N_REG_DELETED",
            recipient_kind="robot",
            recipient_id="x",
            authority_id="A",
            member_state="FR",
            language="fr",
            now=NOW,
        )


@pytest.mark.parametrize(("given", "used"), [("DE", "de"), ("pt", "pt"), ("xx", "en")])
def test_not_001_x_022_rendered_in_the_main_working_language(given, used):
    assert rendering_language(given) == used


@pytest.mark.parametrize(
    ("status", "reachable"),
    [(None, True), ("active", True), ("suspended", False), ("inactive", False)],
)
def test_not_005_users_of_an_authority_without_access_get_no_message(status, reachable):
    assert may_receive(status) is reachable


def test_not_036_a_welcome_needs_a_recipient():
    with pytest.raises(InvalidInput):
        welcome("ev-1", Recipient("", "FR-A", "FR", "fr"), NOW)
