"""Launch, save, submit, check and broadcast (§5.3, §5.4: ALR-014..021, X-024)."""

from __future__ import annotations

import pytest

from imi_alerts.domain import (
    AlertDelivered,
    AlertStatus,
    Conflict,
    ContentChanges,
    DeliveryKind,
    Forbidden,
    InvalidInput,
    Notification,
    RecipientMsStatus,
    may_edit_unbroadcast,
    project,
)
from imi_alerts.domain.alert import Alert
from imi_alerts.domain.events import AlertForwardedToCoordinator, AlertStatusChanged


def test_alr_014_launch_refused_unless_every_criterion_is_met(world):
    with world.refused("ALR-014", InvalidInput):
        Alert.launch(
            alert_id="x",
            actor=world.handler("FR-A"),
            checklist={world.criteria[0]: True},
            criteria=world.criteria,
            now=world.t0,
        )


def test_alr_014_coordinator_chosen_among_those_linked_to_the_authority(world):
    alert = world.alert("unsaved")
    with world.refused("ALR-050", Forbidden):  # another authority's handler
        alert.select_coordinator(world.handler("FR-A2"), world.coord("FR-C"), world.later())
    alert2 = world.launch(launcher="FR-A2")
    with world.refused("ALR-014", InvalidInput):
        alert2.select_coordinator(world.handler("FR-A2"), world.coord("FR-CFA"), world.later())
    with world.refused("ALR-014", InvalidInput):
        alert2.select_coordinator(world.handler("FR-A2"), world.coord("DE-C"), world.later())
    alert2.select_coordinator(world.handler("FR-A2"), world.coord("FR-C"), world.later())


def test_alr_014_provider_data_and_description_needed_before_submitting(world):
    alert = Alert.launch(
        alert_id="x",
        actor=world.handler("FR-A"),
        checklist={c: True for c in world.criteria},
        criteria=world.criteria,
        now=world.at(),
        changes=ContentChanges(recipient_ms=("DE",)),
    )
    h = world.handler("FR-A")
    alert.select_coordinator(h, world.coord("FR-C"), world.later())
    alert.save_draft(h, world.number_source, world.later())
    with world.refused("ALR-014", InvalidInput):
        alert.submit(h, world.later())


def test_alr_014_wizard_content_and_suggestions_are_kept(world):
    alert = world.alert(AlertStatus.DRAFT)
    c = alert.content
    assert c.recipient_ms == ("DE", "BE") and c.establishment_ms == "DE"
    assert c.suggested_recipients.text == "Landesamt für Gewerbeaufsicht"
    assert c.attachments == world.attachments and c.checklist == {k: True for k in world.criteria}


def test_alr_015_first_save_assigns_the_number_whatever_the_stage(world):
    alert = world.alert("unsaved")
    assert alert.ref_no is None and alert.status is AlertStatus.DRAFT
    events = alert.save_draft(world.handler("FR-A"), world.number_source, world.later())
    assert alert.ref_no == "ALR-FR-2025-00001"
    assert isinstance(events[0], AlertStatusChanged) and events[0].new_status == "draft"
    assert events[0].old_status is None
    assert alert.save_draft(world.handler("FR-A"), world.number_source, world.later()) == []
    assert alert.ref_no == "ALR-FR-2025-00001" and world.numbers == ["ALR-FR-2025-00001"]


def test_alr_015_submit_needs_a_saved_numbered_draft(world):
    alert = world.alert("unsaved")
    alert.select_coordinator(world.handler("FR-A"), world.coord("FR-C"), world.later())
    with world.refused("ALR-015", Conflict):
        alert.submit(world.handler("FR-A"), world.later())


def test_x_024_every_alert_gets_its_own_number(world):
    a1, a2 = world.alert(AlertStatus.DRAFT), world.alert(AlertStatus.DRAFT)
    assert a1.ref_no != a2.ref_no


def test_alr_016_submit_notifies_the_selected_coordinators_forwarders(world):
    alert = world.alert(AlertStatus.DRAFT)
    (event,) = alert.submit(world.handler("FR-A"), world.later())
    assert alert.status is AlertStatus.SUBMITTED_FOR_BROADCAST
    assert event.notification is Notification.SUBMITTED
    assert event.notify_authority_ids == ("FR-C",) and event.coordinator_id == "FR-C"


def test_alr_017_forwarder_forwards_to_another_coordinator_of_the_same_state(world):
    alert = world.alert(AlertStatus.SUBMITTED_FOR_BROADCAST)
    (event,) = alert.forward_to_coordinator(
        world.forwarder("FR-C"),
        world.coord("FR-CFA"),
        "Not competent for gas safety",
        world.later(),
    )
    assert isinstance(event, AlertForwardedToCoordinator)
    assert alert.selected_coordinator.authority_id == "FR-CFA"
    assert alert.status is AlertStatus.SUBMITTED_FOR_BROADCAST
    assert event.notification is Notification.SUBMITTED and event.notify_authority_ids == (
        "FR-CFA",
    )
    with world.refused("ALR-053", Forbidden):  # the previous coordinator no longer acts
        alert.accept_for_broadcast(world.forwarder("FR-C"), world.later())
    alert.accept_for_broadcast(world.forwarder("FR-CFA"), world.later())


def test_alr_017_forward_refusals(world):
    alert = world.alert(AlertStatus.SUBMITTED_FOR_BROADCAST)
    with world.refused("ALR-017", Forbidden):
        alert.forward_to_coordinator(
            world.forwarder("FR-CFA"), world.coord("FR-INBOX"), "x", world.later()
        )
    with world.refused("ALR-017", InvalidInput):
        alert.forward_to_coordinator(
            world.forwarder("FR-C"), world.coord("DE-C"), "x", world.later()
        )
    with world.refused("ALR-017", InvalidInput):
        alert.forward_to_coordinator(
            world.forwarder("FR-C"), world.coord("FR-C"), "x", world.later()
        )


@pytest.mark.parametrize("justification", ["", "   ", None])
def test_x_026_forwarding_to_a_coordinator_needs_a_justification(world, justification):
    alert = world.alert(AlertStatus.SUBMITTED_FOR_BROADCAST)
    with world.refused("X-026", InvalidInput):
        alert.forward_to_coordinator(
            world.forwarder("FR-C"), world.coord("FR-CFA"), justification, world.later()
        )


def test_alr_018_forwarder_accepts_the_alert_for_broadcast(world):
    alert = world.alert(AlertStatus.SUBMITTED_FOR_BROADCAST)
    alert.accept_for_broadcast(world.forwarder("FR-C"), world.later())
    assert alert.status is AlertStatus.AWAITING_BROADCAST
    with world.refused("ALR-053", Forbidden):
        world.alert(AlertStatus.SUBMITTED_FOR_BROADCAST).accept_for_broadcast(
            world.forwarder("FR-INBOX"), world.later()
        )


@pytest.mark.parametrize(
    "status", [AlertStatus.SUBMITTED_FOR_BROADCAST, AlertStatus.AWAITING_BROADCAST]
)
def test_alr_019_alr_054_alr_055_with_final_approval_forwarders_edit_and_delete(world, status):
    alert = world.alert(status, fa=True)
    fwd = world.forwarder("FR-CFA")
    alert.edit(fwd, ContentChanges(service_activity_code="F43.21"), world.later())
    assert alert.content.service_activity_code == "F43.21"
    with world.refused("ALR-054", Forbidden):
        alert.edit(world.handler("FR-A"), ContentChanges(service_activity_code="X"), world.later())
    with world.refused("ALR-055", Forbidden):
        alert.delete(world.handler("FR-A"), world.later())
    alert.delete(fwd, world.later())
    assert alert.status is AlertStatus.DELETED


@pytest.mark.parametrize(
    "status", [AlertStatus.SUBMITTED_FOR_BROADCAST, AlertStatus.AWAITING_BROADCAST]
)
def test_alr_019_alr_054_alr_055_without_final_approval_only_launching_authority_edits(
    world, status
):
    alert = world.alert(status)
    with world.refused("ALR-054", Forbidden):
        alert.edit(
            world.forwarder("FR-C"), ContentChanges(service_activity_code="X"), world.later()
        )
    with world.refused("ALR-055", Forbidden):
        alert.delete(world.forwarder("FR-C"), world.later())
    alert.edit(
        world.handler("FR-A"), ContentChanges(recipient_ms=("DE", "BE", "IT")), world.later()
    )
    assert alert.content.recipient_ms == ("DE", "BE", "IT")
    with world.refused("ALR-051", InvalidInput):
        alert.edit(world.handler("FR-A"), ContentChanges(recipient_ms=()), world.later())
    alert.delete(world.handler("FR-A"), world.later())
    assert alert.status is AlertStatus.DELETED


def test_alr_084_without_final_approval_forwarder_has_no_edit_or_delete(world):
    alert = world.alert(AlertStatus.SUBMITTED_FOR_BROADCAST)
    assert not may_edit_unbroadcast(
        world.forwarder("FR-C"), alert.selected_coordinator, alert.launching_authority_id
    )
    assert may_edit_unbroadcast(
        world.handler("FR-A"), alert.selected_coordinator, alert.launching_authority_id
    )
    alert.edit(world.handler("FR-A"), ContentChanges(description=world.text("more")), world.later())


@pytest.mark.parametrize("fa", [True, False])
def test_alr_020_forwarder_adds_recipient_states_whatever_final_approval(world, fa):
    alert = world.alert(AlertStatus.AWAITING_BROADCAST, fa=fa)
    (event,) = alert.add_recipient_ms(
        world.forwarder(world.coordinator_of(fa)), "IT", world.later()
    )
    assert alert.content.recipient_ms == ("DE", "BE", "IT")
    assert event.recipient_ms_added == ("IT",)


def test_alr_020_recipient_state_refusals(world):
    alert = world.alert(AlertStatus.AWAITING_BROADCAST)
    fwd = world.forwarder("FR-C")
    with world.refused("ALR-020", InvalidInput):
        alert.add_recipient_ms(fwd, "DE", world.later())
    with world.refused("ALR-021", InvalidInput):
        alert.add_recipient_ms(fwd, "FR", world.later())
    with world.refused("ALR-020", Forbidden):
        alert.add_recipient_ms(world.forwarder("FR-INBOX"), "IT", world.later())


def test_alr_021_broadcast_delivers_every_copy(world):
    alert = world.alert(AlertStatus.AWAITING_BROADCAST)
    when = world.later()
    events = alert.broadcast(world.forwarder("FR-C"), world.inboxes, when)
    assert alert.status is AlertStatus.BROADCAST and alert.broadcast_at == when
    delivered = [e for e in events if isinstance(e, AlertDelivered)]
    assert [(e.recipient, e.kind) for e in delivered] == [
        ("DE", DeliveryKind.RECIPIENT_MS),
        ("BE", DeliveryKind.RECIPIENT_MS),
        ("FR", DeliveryKind.ORIGIN_COPY),
        ("EU", DeliveryKind.COMMISSION),
    ]
    by = {e.recipient: e for e in delivered}
    assert by["DE"].delivery_status is RecipientMsStatus.AWAITING_ACKNOWLEDGEMENT
    assert by["DE"].inbox_authority_ids == ("DE-INBOX", "DE-INBOX2")
    assert by["FR"].delivery_status is RecipientMsStatus.ACKNOWLEDGED
    assert by["EU"].personal_data is None
    assert by["DE"].personal_data["provider"][0]["value"] == "Jean Dupont"
    assert by["FR"].overview["broadcast_at"] == when.isoformat()
    assert set(alert.deliveries) == {"DE", "BE", "FR", "EU"}


def test_alr_021_launching_authority_and_coordinator_are_on_the_recipient_list(world):
    alert = world.alert(AlertStatus.BROADCAST)
    origin = alert.deliveries["FR"]
    assert [(r.authority_id, r.origin, r.has_acted) for r in origin.recipients] == [
        ("FR-A", "launching_authority", True),
        ("FR-C", "broadcasting_coordinator", True),
        ("FR-INBOX", "inbox", False),
    ]


def test_alr_021_broadcast_only_to_other_states(world):
    with world.refused("ALR-021", InvalidInput):
        world.launch(recipients=("FR", "DE"))


def test_alr_085_broadcast_to_de_and_fr(world):
    alert = world.alert(AlertStatus.AWAITING_BROADCAST, launcher="FR-A", recipients=("DE", "BE"))
    events = alert.broadcast(world.forwarder("FR-C"), world.inboxes, world.later())
    incoming = [e for e in events if e.notification is Notification.INCOMING]
    assert {e.recipient for e in incoming} == {"DE", "BE"}
    assert incoming[0].notify_authority_ids == ("DE-INBOX", "DE-INBOX2")
    for ms in ("DE", "BE"):
        assert alert.visible_status(ms) == "awaiting_acknowledgement"
    eu = project(alert, world.actor("EU"))
    assert eu.personal_data is None
    assert "Jean Dupont" not in eu.model_dump_json()
    assert project(alert, world.viewer("FR-INBOX")).overview.status == "broadcast"


def test_alr_090_handler_without_forwarder_right_cannot_broadcast(world):
    alert = world.alert(AlertStatus.AWAITING_BROADCAST)
    with world.refused("ALR-057", Forbidden):
        alert.broadcast(world.handler("FR-C"), world.inboxes, world.later())


def test_alr_007_state_of_establishment_must_take_part(world):
    alert = world.alert(AlertStatus.DRAFT, mse="IT")
    with world.refused("ALR-007", InvalidInput):
        alert.submit(world.handler("FR-A"), world.later())


def test_alr_014_a_submitted_alert_keeps_its_provider_data_and_description(world):
    alert = world.alert(AlertStatus.SUBMITTED_FOR_BROADCAST)
    with world.refused("ALR-014", InvalidInput):
        alert.edit(world.handler("FR-A"), ContentChanges(description=None), world.later())
    with world.refused("ALR-014", InvalidInput):
        alert.edit(world.handler("FR-A"), ContentChanges(provider=()), world.later())
    alert.edit(
        world.handler("FR-A"),
        ContentChanges(establishment_ms=None, recipient_ms=None),
        world.later(),
    )  # None means "unchanged" for mandatory fields
    assert alert.content.establishment_ms == "DE" and alert.content.recipient_ms == ("DE", "BE")


def test_alr_050_draft_content_may_be_incomplete_and_cleared(world):
    alert = world.alert(AlertStatus.DRAFT)
    alert.edit(
        world.handler("FR-A"),
        ContentChanges(description=None, suggested_recipients=None),
        world.later(),
    )
    assert alert.content.description is None and alert.content.suggested_recipients is None
