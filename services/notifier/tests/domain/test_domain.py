"""Pure rules of the notifier (no I/O)."""

from datetime import UTC, datetime

import pytest

from imi_notifier.domain.notification import (
    USER_WELCOME,
    Recipient,
    may_receive,
    rendering_language,
    welcome,
)
from imi_shared.errors import InvalidInput

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def test_not_036_a_created_user_gets_the_welcome_template():
    notification, events = welcome(Recipient("u1", "FR-A", "FR", "fr"), NOW)
    assert (notification.code, notification.recipient_user_id, notification.status) == (
        USER_WELCOME,
        "u1",
        "queued",
    )
    assert [e.event_type for e in events] == ["notification.queued"]
    assert events[0].notification_id == notification.notification_id


def test_not_001_the_event_carries_no_address_nor_name():
    _, (event,) = welcome(Recipient("u1", "FR-A", "FR", "fr"), NOW)
    assert set(event.model_dump()) == {
        "notification_id",
        "code",
        "recipient_user_id",
        "authority_id",
        "member_state",
        "language",
        "queued_at",
    }


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
        welcome(Recipient("", "FR-A", "FR", "fr"), NOW)
