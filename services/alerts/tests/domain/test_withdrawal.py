"""Withdrawal (§5.8: ALR-036..038, X-026)."""

from __future__ import annotations

import pytest

from imi_alerts.domain import (
    AdditionalInfoType,
    AlertStatus,
    Conflict,
    Forbidden,
    InvalidInput,
    Notification,
    SubItemStatus,
    project,
)


@pytest.mark.parametrize(
    "status",
    [
        AlertStatus.BROADCAST,
        AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS,
        AlertStatus.CLOSURE_PROPOSAL_AWAITING_BROADCAST,
        AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS,
    ],
)
def test_alr_036_withdrawal_at_any_stage_after_broadcast(world, status):
    alert = world.alert(status)
    alert.submit_withdrawal(world.handler("FR-A"), "Wrong evidence", world.later())
    assert alert.status is AlertStatus.WITHDRAWAL_AWAITING_BROADCAST


@pytest.mark.parametrize(
    "status",
    [AlertStatus.DRAFT, AlertStatus.SUBMITTED_FOR_BROADCAST, AlertStatus.AWAITING_BROADCAST],
)
def test_alr_036_before_broadcast_the_alert_is_deleted_instead(world, status):
    alert = world.alert(status)
    with world.refused("ALR-036", Conflict):
        alert.submit_withdrawal(world.handler("FR-A"), "Wrong evidence", world.later())


@pytest.mark.parametrize(
    "status", [AlertStatus.BROADCAST, AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS]
)
def test_alr_036_broadcast_alert_is_not_deleted(world, status):
    alert = world.alert(status)
    with world.refused("ALR-036", Conflict):
        alert.delete(world.handler("FR-A"), world.later())


@pytest.mark.parametrize("who", [("FR-A", "handler"), ("FR-C", "handler")])
def test_alr_037_launching_authority_or_its_coordinator_submits(world, who):
    alert = world.alert(AlertStatus.BROADCAST)
    events = alert.submit_withdrawal(world.actor(*who), "Wrong evidence", world.later())
    assert events[0].notification is Notification.WITHDRAWAL_SUBMITTED
    assert events[0].notify_authority_ids == ("FR-C",) and events[0].scope_ms is None
    assert events[1].item_kind == "withdrawal" and events[1].scope_ms == "FR"
    assert alert.withdrawals[0].previous_status is AlertStatus.BROADCAST


@pytest.mark.parametrize(
    "who",
    [("FR-A2", "handler"), ("FR-C", "forwarder"), ("FR-INBOX", "handler"), ("DE-INBOX", "handler")],
)
def test_alr_037_nobody_else_submits_a_withdrawal(world, who):
    alert = world.alert(AlertStatus.BROADCAST)
    world.receive(alert, "DE", [])
    with world.refused("ALR-037", Forbidden):
        alert.submit_withdrawal(world.actor(*who), "Wrong evidence", world.later())


@pytest.mark.parametrize("reason", ["", "  "])
def test_x_026_withdrawal_needs_a_reason(world, reason):
    alert = world.alert(AlertStatus.BROADCAST)
    with world.refused("X-026", InvalidInput):
        alert.submit_withdrawal(world.handler("FR-A"), reason, world.later())


def test_alr_037_forwarder_of_the_broadcasting_coordinator_broadcasts(world):
    alert = world.alert(AlertStatus.WITHDRAWAL_AWAITING_BROADCAST)
    for who in (world.forwarder("FR-CFA"), world.forwarder("FR-INBOX"), world.handler("FR-C")):
        with world.refused("ALR-037", Forbidden):
            alert.broadcast_withdrawal(who, world.later())
    events = alert.broadcast_withdrawal(world.forwarder("FR-C"), world.later())
    assert alert.status is AlertStatus.WITHDRAWN and alert.withdrawn_at is not None
    assert events[0].notification is Notification.WITHDRAWN
    assert set(events[0].notify_authority_ids) == set(alert.active_recipient_ids())
    assert alert.withdrawals[0].status is SubItemStatus.BROADCAST


def test_alr_037_pending_withdrawal_details_stay_in_the_launching_state(world):
    alert = world.alert(AlertStatus.WITHDRAWAL_AWAITING_BROADCAST)
    world.receive(alert, "DE", ["DE-A"])
    assert alert.visible_status("DE") == "withdrawal_awaiting_broadcast"
    assert project(alert, world.viewer("DE-A")).withdrawal is None
    assert project(alert, world.viewer("FR-A")).withdrawal.justification == (
        "The evidence was wrong"
    )


def test_alr_005_withdrawal_can_be_cancelled_before_broadcast(world):
    alert = world.alert(AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS)
    alert.submit_withdrawal(world.handler("FR-A"), "Wrong", world.later())
    with world.refused("ALR-005", Forbidden):
        alert.cancel_withdrawal(world.forwarder("FR-C"), world.later())
    alert.cancel_withdrawal(world.handler("FR-A"), world.later())
    assert alert.status is AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS
    assert alert.withdrawals[0].status is SubItemStatus.CANCELLED
    with world.refused("ALR-005", Conflict):
        alert.cancel_withdrawal(world.handler("FR-A"), world.later())


def test_alr_005_withdrawal_cancelled_by_final_approval_forwarder(world):
    alert = world.alert(AlertStatus.WITHDRAWAL_AWAITING_BROADCAST, fa=True)
    with world.refused("ALR-005", Forbidden):
        alert.cancel_withdrawal(world.handler("FR-A"), world.later())
    alert.cancel_withdrawal(world.forwarder("FR-CFA"), world.later())
    assert alert.status is AlertStatus.BROADCAST


def test_alr_038_alert_stays_active_until_the_withdrawal_is_broadcast(world):
    alert = world.alert(AlertStatus.WITHDRAWAL_AWAITING_BROADCAST)
    world.receive(alert, "DE", ["DE-A"])
    (e,) = alert.submit_information(
        world.handler("DE-A"),
        AdditionalInfoType.INFORMATION,
        world.text(),
        world.coord("DE-C"),
        world.later(),
    )
    alert.broadcast_information(world.forwarder("DE-C"), e.item_id, world.later())
    alert.broadcast_withdrawal(world.forwarder("FR-C"), world.later())
    with world.refused("ALR-059", Conflict):
        alert.forward_within_ms(world.forwarder("DE-INBOX"), [world.rauth("DE-A2")], world.later())


def test_alr_038_withdrawn_alert_accepts_nothing_and_shows_the_reduced_view(world):
    alert = world.alert(AlertStatus.WITHDRAWN)
    world_de = world.viewer("DE-INBOX")
    with world.refused("ALR-028", Conflict):
        alert.submit_information(
            world.handler("FR-A"),
            AdditionalInfoType.INFORMATION,
            world.text(),
            world.coord("FR-C"),
            world.later(),
        )
    for actor in (world_de, world.handler("FR-A"), world.actor("EU")):
        view = project(alert, actor)
        assert view.access == "reduced" and view.personal_data is None
        assert view.description is None and view.items == () and view.recipients
        assert view.overview.status == "withdrawn" and view.history
