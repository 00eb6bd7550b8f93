"""Modification after broadcast (§5.7: ALR-032..035)."""

from __future__ import annotations

import pytest

from imi_alerts.domain import (
    AlertContentChanged,
    AlertDelivered,
    AlertStatus,
    Conflict,
    ContentChanges,
    Forbidden,
    InvalidInput,
    Notification,
    ProviderField,
    project,
)


@pytest.fixture
def alert(world):
    alert = world.alert(AlertStatus.BROADCAST)
    world.receive(alert, "DE", ["DE-A"])
    return alert


def test_alr_032_only_the_launching_state_modifies_after_broadcast(world, alert):
    with world.refused("ALR-032", Forbidden):
        alert.edit(
            world.handler("DE-A"), ContentChanges(description=world.text("x")), world.later()
        )
    with world.refused("ALR-032", Forbidden):
        alert.add_recipient_ms(world.forwarder("DE-INBOX"), "IT", world.later(), ["IT-INBOX"])
    with world.refused("ALR-032", Forbidden):
        alert.change_establishment(world.forwarder("DE-INBOX"), "BE", world.later())


def test_alr_032_only_the_listed_changes(world, alert):
    for changes in (
        ContentChanges(service_activity_code="X"),
        ContentChanges(attachments=()),
        ContentChanges(recipient_ms=("DE",)),
        ContentChanges(establishment_ms="BE"),
        ContentChanges(),
    ):
        with world.refused("ALR-032", InvalidInput):
            alert.edit(world.handler("FR-A"), changes, world.later())


def test_alr_033_broadcasting_coordinators_forwarders_add_a_recipient_state(world, alert):
    events = alert.add_recipient_ms(world.forwarder("FR-C"), "IT", world.later(), ["IT-INBOX"])
    delivered = [e for e in events if isinstance(e, AlertDelivered)]
    assert [(e.recipient, e.notification) for e in delivered] == [("IT", Notification.INCOMING)]
    assert alert.deliveries["IT"].awaits_acknowledgement
    assert alert.content.recipient_ms == ("DE", "BE", "IT")
    assert events[0].recipient_ms_added == ("IT",) and events[0].scope_ms is None


def test_alr_033_other_coordinators_cannot_add_states_or_change_the_mse(world, alert):
    with world.refused("ALR-061", Forbidden):
        alert.add_recipient_ms(world.forwarder("FR-INBOX"), "IT", world.later(), ["IT-INBOX"])
    with world.refused("ALR-033", Forbidden):
        alert.change_establishment(world.forwarder("FR-INBOX"), "BE", world.later())
    with world.refused("ALR-033", Forbidden):
        alert.change_establishment(world.handler("FR-A"), "BE", world.later())


def test_alr_033_added_state_needs_an_inbox(world, alert):
    with world.refused("ALR-010", InvalidInput):
        alert.add_recipient_ms(world.forwarder("FR-C"), "IT", world.later())


@pytest.mark.parametrize(
    "status",
    [
        AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS,
        AlertStatus.CLOSURE_PROPOSAL_AWAITING_BROADCAST,
        AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS,
    ],
)
def test_alr_033_no_mse_change_while_a_closure_proposal_is_pending(world, status):
    alert = world.alert(status)
    with world.refused("ALR-033", Conflict):
        alert.change_establishment(world.forwarder("FR-C"), "BE", world.later())


def test_alr_089_changing_the_mse_with_a_pending_proposal_is_rejected(world):
    alert = world.alert(AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS)
    with world.refused("ALR-033", Conflict):
        alert.change_establishment(world.forwarder("FR-C"), "BE", world.later())
    assert alert.content.establishment_ms == "DE"


def test_alr_033_mse_change_after_a_cancelled_proposal(world):
    alert = world.alert(AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS)
    alert.cancel_closure_proposal(world.handler("DE-A"), world.later())
    alert.change_establishment(world.forwarder("FR-C"), "BE", world.later())
    assert alert.responsible_ms == "BE"


def test_alr_033_mse_values(world, alert):
    fwd = world.forwarder("FR-C")
    with world.refused("ALR-033", InvalidInput):
        alert.change_establishment(fwd, "DE", world.later())
    with world.refused("ALR-007", InvalidInput):
        alert.change_establishment(fwd, "IT", world.later())  # not taking part
    alert.change_establishment(fwd, "unknown", world.later())
    assert alert.responsible_ms == "FR"


@pytest.mark.parametrize("fa", [True, False])
def test_alr_034_provider_data_and_description_per_final_approval(world, fa):
    alert = world.alert(AlertStatus.BROADCAST, fa=fa)
    editor = world.forwarder("FR-CFA") if fa else world.handler("FR-A")
    other = world.handler("FR-A") if fa else world.forwarder("FR-C")
    new = (ProviderField(code="name", value="Jean Dupond", personal_data=True),)
    with world.refused("ALR-034", Forbidden):
        alert.edit(other, ContentChanges(provider=new), world.later())
    (event,) = alert.edit(
        editor, ContentChanges(provider=new, description=world.text("Corrected")), world.later()
    )
    assert isinstance(event, AlertContentChanged)
    assert event.changed_fields == ("provider", "description")
    assert event.personal_data["provider"][0]["value"] == "Jean Dupond"
    assert event.non_personal["description"]["text"] == "Corrected"


def test_alr_034_description_only_change_carries_no_personal_data(world, alert):
    (event,) = alert.edit(
        world.handler("FR-A"), ContentChanges(description=world.text("c")), world.later()
    )
    assert event.personal_data is None


def test_alr_035_changes_apply_at_once_without_a_new_broadcast(world, alert):
    alert.edit(
        world.handler("FR-A"), ContentChanges(description=world.text("Corrected")), world.later()
    )
    assert alert.status is AlertStatus.BROADCAST
    assert project(alert, world.viewer("DE-A")).description.text == "Corrected"
    assert project(alert, world.actor("EU")).description.text == "Corrected"


def test_alr_035_mse_change_notifies_every_recipient(world, alert):
    (event,) = alert.change_establishment(world.forwarder("FR-C"), "BE", world.later())
    assert event.notification is Notification.MSE_CHANGED
    assert set(event.notify_authority_ids) == set(alert.active_recipient_ids())
    assert {"DE-A", "BE-INBOX", "FR-A"} <= set(event.notify_authority_ids)
    assert project(alert, world.viewer("DE-A")).overview.establishment_ms == "BE"


def test_alr_034_correction_cannot_empty_the_alert(world, alert):
    with world.refused("ALR-014", InvalidInput):
        alert.edit(world.handler("FR-A"), ContentChanges(description=None), world.later())
