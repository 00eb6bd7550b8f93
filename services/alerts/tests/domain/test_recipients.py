"""Receiving: acknowledgement, forwarding within a state, recipients (§5.5: ALR-022..027)."""

from __future__ import annotations

import pytest

from imi_alerts.domain import (
    AdditionalInfoType,
    AlertRecipientsChanged,
    AlertStatus,
    Conflict,
    Forbidden,
    InvalidInput,
    NoAccess,
    NotFound,
    Notification,
    RecipientMsStatus,
    project,
)


@pytest.fixture
def alert(world):
    return world.alert(AlertStatus.BROADCAST)


def test_alr_003_inbox_sees_awaiting_acknowledgement_then_the_global_status(world, alert):
    inbox = world.forwarder("DE-INBOX")
    assert project(alert, inbox).overview.status == "awaiting_acknowledgement"
    alert.acknowledge(inbox, world.later())
    assert project(alert, inbox).overview.status == "broadcast"
    assert project(alert, world.viewer("BE-INBOX")).overview.status == "awaiting_acknowledgement"


def test_alr_022_inbox_forwarder_acknowledges_for_its_state(world, alert):
    when = world.later()
    (event,) = alert.acknowledge(world.forwarder("DE-INBOX"), when)
    de = alert.deliveries["DE"]
    assert de.status is RecipientMsStatus.ACKNOWLEDGED and de.acknowledged_at == when
    assert de.acknowledged_by.user_id == "DE-INBOX:forwarder"
    assert event.event_type == "alert.acknowledged" and event.member_state == "DE"
    assert alert.deliveries["BE"].status is RecipientMsStatus.AWAITING_ACKNOWLEDGEMENT


@pytest.mark.parametrize(
    "who, rule",
    [
        (("DE-C", "forwarder"), "ALR-022"),  # a coordinator that is not the inbox
        (("DE-INBOX", "handler"), "ALR-022"),  # not a forwarder
        (("IT-INBOX", "forwarder"), "ALR-022"),  # inbox of a state that is not a recipient
    ],
)
def test_alr_022_only_an_inbox_forwarder_of_that_state_acknowledges(world, alert, who, rule):
    with world.refused(rule, Forbidden):
        alert.acknowledge(world.actor(*who), world.later())


def test_alr_022_the_launching_states_copy_needs_no_acknowledgement(world, alert):
    with world.refused("ALR-022", Conflict):
        alert.acknowledge(world.forwarder("FR-INBOX"), world.later())


def test_alr_023_inbox_forwards_to_competent_authorities_of_its_state(world, alert):
    inbox = world.forwarder("DE-INBOX")
    alert.acknowledge(inbox, world.later())
    view = project(alert, inbox)
    assert view.suggested_recipients.text == "Landesamt für Gewerbeaufsicht"
    events = alert.forward_within_ms(
        inbox, [world.rauth("DE-C"), world.rauth("DE-A")], world.later()
    )
    assert [r.authority_id for r in alert.deliveries["DE"].active_recipients()] == [
        "DE-INBOX",
        "DE-INBOX2",
        "DE-C",
        "DE-A",
    ]
    assert isinstance(events[0], AlertRecipientsChanged) and events[0].added == ("DE-C", "DE-A")
    assert alert.deliveries["DE"].first_forwarded_at is not None
    rec = alert.deliveries["DE"].active_recipient("DE-A")
    assert (rec.added_by_authority_id, rec.origin) == ("DE-INBOX", "forwarded")


def test_alr_023_acknowledge_before_forwarding(world, alert):
    with world.refused("ALR-022", Conflict):
        alert.forward_within_ms(world.forwarder("DE-INBOX"), [world.rauth("DE-A")], world.later())


def test_alr_023_forwarding_stays_within_the_state(world, alert):
    world.receive(alert, "DE", [])
    with world.refused("ALR-023", InvalidInput):
        alert.forward_within_ms(world.forwarder("DE-INBOX"), [world.rauth("BE-A")], world.later())
    with world.refused("ALR-023", Forbidden):
        alert.forward_within_ms(world.forwarder("IT-INBOX"), [world.rauth("IT-A")], world.later())


def test_alr_023_the_same_authority_is_not_added_twice(world, alert):
    world.receive(alert, "DE", ["DE-A"])
    with world.refused("ALR-059", InvalidInput):
        alert.forward_within_ms(world.forwarder("DE-INBOX"), [world.rauth("DE-A")], world.later())
    with world.refused("ALR-059", InvalidInput):
        alert.forward_within_ms(
            world.forwarder("DE-INBOX"), [world.rauth("DE-A2"), world.rauth("DE-A2")], world.later()
        )
    with world.refused("ALR-059", InvalidInput):
        alert.forward_within_ms(world.forwarder("DE-INBOX"), [], world.later())


def test_alr_024_recipient_coordinator_forwarders_add_further_recipients(world, alert):
    world.receive(alert, "DE", ["DE-C", "DE-A"])
    alert.forward_within_ms(world.forwarder("DE-C"), [world.rauth("DE-A2")], world.later())
    assert alert.deliveries["DE"].active_recipient("DE-A2").added_by_authority_id == "DE-C"


def test_alr_024_coordinators_not_chosen_as_recipients_cannot_add(world, alert):
    world.receive(alert, "DE", ["DE-A"])
    with world.refused("ALR-024", Forbidden):
        alert.forward_within_ms(world.forwarder("DE-CFA"), [world.rauth("DE-A2")], world.later())


def test_alr_025_launching_states_inbox_forwards_in_its_own_state(world, alert):
    alert.forward_within_ms(world.forwarder("FR-INBOX"), [world.rauth("FR-A2")], world.later())
    assert alert.deliveries["FR"].active_recipient("FR-A2") is not None
    with world.refused("ALR-024", Forbidden):  # the broadcasting coordinator is not the inbox
        alert.forward_within_ms(world.forwarder("FR-C"), [world.rauth("FR-CFA")], world.later())


def test_alr_026_inbox_removes_a_recipient_that_has_not_acted(world, alert):
    world.receive(alert, "DE", ["DE-A", "DE-A2"])
    (event,) = alert.remove_recipient(world.forwarder("DE-INBOX2"), "DE-A2", world.later())
    assert event.removed == ("DE-A2",) and event.notification is None
    assert "DE-A2" not in event.notify_authority_ids
    rec = alert.deliveries["DE"].last_removal("DE-A2")
    assert rec.removed_by_authority_id == "DE-INBOX2" and rec.status_at_removal == "broadcast"
    assert "DE-A2" not in alert.active_recipient_ids()


def test_alr_026_only_inbox_forwarders_remove(world, alert):
    world.receive(alert, "DE", ["DE-C", "DE-A"])
    with world.refused("ALR-026", Forbidden):
        alert.remove_recipient(world.forwarder("DE-C"), "DE-A", world.later())
    with world.refused("ALR-026", Forbidden):
        alert.remove_recipient(world.handler("DE-INBOX"), "DE-A", world.later())


def test_alr_026_system_recipients_cannot_be_removed(world, alert):
    world.receive(alert, "DE", [])
    with world.refused("ALR-026", InvalidInput):
        alert.remove_recipient(world.forwarder("DE-INBOX"), "DE-INBOX2", world.later())
    with world.refused("ALR-026", InvalidInput):
        alert.remove_recipient(world.forwarder("FR-INBOX"), "FR-A", world.later())
    with world.refused("ALR-026", NotFound):
        alert.remove_recipient(world.forwarder("DE-INBOX"), "DE-A3", world.later())


def test_alr_026_removed_recipient_loses_later_steps(world, alert):
    world.receive(alert, "DE", ["DE-A", "DE-A2"])
    alert.remove_recipient(world.forwarder("DE-INBOX"), "DE-A2", world.later())
    removed_at = world.now
    alert.forward_within_ms(world.forwarder("DE-INBOX"), [world.rauth("DE-A3")], world.later())
    events = alert.submit_information(
        world.handler("DE-A"),
        AdditionalInfoType.INFORMATION,
        world.text("Measures taken"),
        world.coord("DE-C"),
        world.later(),
    )
    events += alert.broadcast_information(world.forwarder("DE-C"), events[0].item_id, world.later())
    assert "DE-A2" not in events[-1].notify_authority_ids
    view = project(alert, world.handler("DE-A2"))
    assert view.access == "removed" and view.personal_data is None and view.items == ()
    assert all(e.at <= removed_at for e in view.history)
    assert "DE-A3" not in {r.authority_id for r in view.recipients}
    with world.refused("ALR-063", Forbidden):
        alert.submit_information(
            world.handler("DE-A2"),
            AdditionalInfoType.INFORMATION,
            world.text(),
            world.coord("DE-C"),
            world.later(),
        )


def test_alr_026_a_removed_recipient_may_be_added_again(world, alert):
    world.receive(alert, "DE", ["DE-A2"])
    alert.remove_recipient(world.forwarder("DE-INBOX"), "DE-A2", world.later())
    alert.forward_within_ms(world.forwarder("DE-INBOX"), [world.rauth("DE-A2")], world.later())
    assert project(alert, world.handler("DE-A2")).access == "full"


def test_alr_086_removing_a_recipient_that_submitted_information_is_rejected(world, alert):
    world.receive(alert, "DE", ["DE-A"])
    alert.submit_information(
        world.handler("DE-A"),
        AdditionalInfoType.INFORMATION,
        world.text(),
        world.coord("DE-C"),
        world.later(),
    )
    with world.refused("ALR-026", Conflict):
        alert.remove_recipient(world.forwarder("DE-INBOX"), "DE-A", world.later())


def test_alr_027_added_recipients_are_notified(world, alert):
    world.receive(alert, "DE", [])
    (event,) = alert.forward_within_ms(
        world.forwarder("DE-INBOX"), [world.rauth("DE-A"), world.rauth("DE-C")], world.later()
    )
    assert event.notification is Notification.FORWARDED
    assert event.notify_authority_ids == ("DE-A", "DE-C")


def test_x_010_an_authority_not_forwarded_the_alert_has_no_access(world, alert):
    world.receive(alert, "DE", ["DE-A"])
    with world.refused("X-010", NoAccess):
        project(alert, world.handler("DE-A2"))
