"""Event history (X-025), domain events (X-051), data model (ALR-006, ALR-080..083) and the
whole life-cycle (ALR-001)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from imi_alerts.domain import (
    ALERT_EVENTS,
    AdditionalInfoType,
    AlertDelivered,
    AlertEvent,
    AlertItemStatusChanged,
    AlertStatus,
    AlertStatusChanged,
    DeliveryKind,
    RecipientMsStatus,
    alert_event_catalog,
    project,
)
from imi_alerts.domain.history import new_entry
from imi_shared.envelope import Envelope, Event


def test_x_025_every_action_is_recorded_with_actor_authority_and_time(world):
    alert = world.alert(AlertStatus.CLOSED)
    actions = [e.action for e in alert.history]
    assert actions[:3] == ["launched", "coordinator_selected", "draft_saved"]
    assert "status:broadcast" in actions and actions[-1] == "status:closed"
    closed = alert.history[-1]
    assert (closed.actor_user_id, closed.actor_authority_id, closed.member_state) == (
        "DE-C:forwarder",
        "DE-C",
        "DE",
    )
    assert [e.seq for e in alert.history] == list(range(1, len(alert.history) + 1))
    assert all(a.at <= b.at for a, b in zip(alert.history, alert.history[1:], strict=False))


def test_x_025_history_is_immutable(world):
    alert = world.alert(AlertStatus.BROADCAST)
    before = alert.history
    with pytest.raises(ValidationError):
        alert.history[0].action = "tampered"
    assert isinstance(alert.history, tuple)
    alert.acknowledge(world.forwarder("DE-INBOX"), world.later())
    assert alert.history[: len(before)] == before


def test_x_025_history_refuses_entries_out_of_time_order(world):
    history = new_entry((), "a", world.at(days=1))
    with pytest.raises(ValueError, match="X-025"):
        new_entry(history, "b", world.t0)


def test_x_025_history_records_justifications_and_system_actions(world):
    alert = world.alert(AlertStatus.SUBMITTED_FOR_BROADCAST)
    alert.forward_to_coordinator(
        world.forwarder("FR-C"), world.coord("FR-CFA"), "  Not competent  ", world.later()
    )
    assert alert.history[-1].justification == "Not competent"
    closing = world.alert(AlertStatus.CLOSURE_PROPOSAL_AWAITING_BROADCAST)
    system = [e for e in closing.history if e.actor_user_id is None]
    assert system and system[0].action == "status:closure_proposal_awaiting_broadcast"


def test_x_025_history_stays_visible_after_closure(world):
    alert = world.alert(AlertStatus.CLOSED)
    assert len(project(alert, world.viewer("FR-A")).history) > 10


def test_naive_datetimes_are_a_programming_error(world):
    alert = world.alert(AlertStatus.DRAFT)
    with pytest.raises(ValueError):
        alert.submit(world.handler("FR-A"), world.t0.replace(tzinfo=None) + timedelta(days=1))


# -- events -------------------------------------------------------------------------------------


def test_x_051_event_types_and_aggregate(world):
    types = {cls.event_type for cls in ALERT_EVENTS}
    assert {
        "alert.status_changed",
        "alert.recipients_changed",
        "alert.item_status_changed",
        "alert.period_expired",
        "alert.delivered",
        "alert.acknowledged",
    } <= types
    assert all(issubclass(c, Event) and c.aggregate_type == "alert" for c in ALERT_EVENTS)


def test_x_051_events_roundtrip_through_the_envelope(world):
    alert = world.alert(AlertStatus.CLOSED)
    catalog = alert_event_catalog()
    events = alert.pull_events()
    assert events and alert.events == []
    assert {e.event_type for e in events} >= {
        "alert.status_changed",
        "alert.delivered",
        "alert.acknowledged",
        "alert.recipients_changed",
        "alert.item_status_changed",
        "alert.period_expired",
    }
    for event in events:
        env = Envelope.wrap(
            event,
            producer="alerts",
            member_state="FR",
            aggregate_id=alert.alert_id,
            occurred_at=event.occurred_at,
        )
        assert catalog.decode(Envelope.from_bytes(env.to_bytes())) == event


def test_commands_return_the_events_they_raise(world):
    alert = world.alert(AlertStatus.DRAFT)
    alert.pull_events()
    returned = alert.submit(world.handler("FR-A"), world.later())
    assert returned == alert.events and isinstance(returned[0], AlertEvent)


def test_x_011_commission_copy_can_never_carry_personal_data(world):
    alert = world.alert(AlertStatus.BROADCAST)
    eu = next(e for e in alert.events if isinstance(e, AlertDelivered) and e.recipient == "EU")
    with pytest.raises(ValidationError, match="X-011"):
        AlertDelivered(**{**eu.model_dump(), "personal_data": {"provider": []}})


def test_personal_data_is_separated_in_events(world):
    alert = world.alert(AlertStatus.BROADCAST)
    de = next(e for e in alert.events if isinstance(e, AlertDelivered) and e.recipient == "DE")
    assert "Jean Dupont" in str(de.personal_data)
    assert "Jean Dupont" not in str(de.model_dump(exclude={"personal_data"}))
    assert "inspection.pdf" not in str(de.model_dump(exclude={"personal_data"}))
    world.receive(alert, "DE", ["DE-A"])
    (item,) = alert.submit_information(
        world.handler("DE-A"),
        AdditionalInfoType.INFORMATION,
        world.text(),
        world.coord("DE-C"),
        world.later(),
    )
    assert isinstance(item, AlertItemStatusChanged) and item.personal_data == {"attachments": []}


def test_events_are_immutable(world):
    alert = world.alert(AlertStatus.DRAFT)
    event = alert.events[0]
    with pytest.raises(ValidationError):
        event.new_status = AlertStatus.CLOSED


# -- data model ---------------------------------------------------------------------------------


def test_alr_006_alert_holds_the_required_information(world):
    alert = world.alert(AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS)
    world.receive(alert, "BE", ["BE-A"])
    alert.submit_information(
        world.handler("BE-A"),
        AdditionalInfoType.OBJECTION_TO_CLOSURE,
        world.text(),
        world.coord("BE-INBOX"),
        world.later(),
    )
    c = alert.content
    assert alert.ref_no and (alert.launching_authority_id, alert.launching_ms) == ("FR-A", "FR")
    assert alert.selected_coordinator.authority_id == "FR-C"
    assert c.checklist and c.provider and c.service_activity_code and c.establishment_ms == "DE"
    assert c.description and c.attachments and c.recipient_ms and c.suggested_recipients
    recipient = alert.deliveries["DE"].recipients[0]
    assert {"authority_id", "member_state", "added_by_user_id", "has_acted", "removed_at"} <= set(
        type(recipient).model_fields
    )
    assert alert.items and alert.closure and alert.history


def test_alr_080_alert_key_fields(world):
    alert = world.alert(AlertStatus.CLOSED)
    fields = set(type(alert).model_fields)
    assert {
        "alert_id",
        "ref_no",
        "status",
        "launching_authority_id",
        "launching_ms",
        "selected_coordinator",
        "content",
        "broadcast_at",
        "closed_at",
        "withdrawn_at",
        "pd_locked",
        "pd_deleted",
    } <= fields
    p = alert.closure_proposals[0]
    assert p.closure_coordinator.authority_id == "DE-C"
    assert p.comment_period_ends_at and p.objection_period_ends_at and p.objection_period_ended


def test_alr_081_recipient_state_and_recipient_records(world):
    alert = world.alert(AlertStatus.BROADCAST)
    de = alert.deliveries["DE"]
    assert (de.participant, de.kind, de.status) == (
        "DE",
        DeliveryKind.RECIPIENT_MS,
        RecipientMsStatus.AWAITING_ACKNOWLEDGEMENT,
    )
    alert.acknowledge(world.forwarder("DE-INBOX"), world.later())
    assert de.acknowledged_by.authority_id == "DE-INBOX" and de.acknowledged_at


def test_alr_082_items_record_kind_type_status_author_and_coordinator(world):
    alert = world.alert(AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS)
    alert.comment_on_closure(world.handler("DE-A"), world.text("ok"), world.later())
    comment = alert.items[-1]
    assert (comment.kind, comment.status, comment.author_authority_id) == (
        "comment",
        "submitted",
        "DE-A",
    )
    assert comment.closure_proposal_id == alert.closure.proposal_id
    assert comment.included_in_broadcast is None


def test_alr_083_history_entries_carry_type_actor_state_and_time(world):
    entry = world.alert(AlertStatus.BROADCAST).history[-1]
    assert {"action", "actor_authority_id", "actor_user_id", "member_state", "at"} <= set(
        type(entry).model_fields
    )


def test_dir_037_final_approval_changes_reach_the_alert(world):
    alert = world.alert(AlertStatus.AWAITING_BROADCAST)
    alert.apply_coordinator_parameters("FR-C", final_approval=True)
    assert alert.selected_coordinator.final_approval
    from imi_alerts.domain import ContentChanges

    alert.edit(world.forwarder("FR-C"), ContentChanges(service_activity_code="X"), world.later())


# -- the whole life-cycle -----------------------------------------------------------------------


def test_alr_001_life_cycle_from_launch_to_closure(world):
    alert = world.alert(AlertStatus.AWAITING_BROADCAST, recipients=("DE", "BE"))
    alert.broadcast(world.forwarder("FR-C"), world.inboxes, world.at(hours=1))
    # (2) each recipient state acknowledges and forwards, adding recipients
    world.receive(alert, "DE", ["DE-C", "DE-A", "DE-A2"], at=dict(hours=2))
    world.receive(alert, "BE", ["BE-A"], at=dict(hours=3))
    # additional information at any time
    (info,) = alert.submit_information(
        world.handler("BE-A"),
        AdditionalInfoType.INFORMATION,
        world.text("Seen here too"),
        world.coord("BE-INBOX"),
        world.at(hours=4),
    )
    alert.broadcast_information(world.forwarder("BE-INBOX"), info.item_id, world.at(hours=5))
    # (3) the MSE proposes closure; its authorities comment; the closure coordinator broadcasts
    alert.propose_closure(
        world.handler("DE-A"),
        world.coord("DE-C"),
        world.text("Gone"),
        world.periods,
        world.at(days=1),
    )
    alert.comment_on_closure(world.handler("DE-A2"), world.text("Agree"), world.at(days=2))
    alert.expire_periods(world.at(days=6))
    alert.broadcast_closure_proposal(world.forwarder("DE-C"), world.periods, world.at(days=6))
    # (4) other states may object during the objection period
    (obj,) = alert.submit_information(
        world.handler("BE-A"),
        AdditionalInfoType.OBJECTION_TO_CLOSURE,
        world.text("Still active"),
        world.coord("BE-INBOX"),
        world.at(days=7),
    )
    alert.broadcast_information(world.forwarder("BE-INBOX"), obj.item_id, world.at(days=8))
    alert.expire_periods(world.at(days=16))
    # (5) the closure coordinator closes
    alert.close(world.forwarder("DE-C"), world.at(days=17))
    assert alert.status is AlertStatus.CLOSED
    statuses = [e.new_status for e in alert.events if isinstance(e, AlertStatusChanged)]
    assert statuses == [
        "draft",
        "submitted_for_broadcast",
        "awaiting_broadcast",
        "broadcast",
        "closure_proposal_open_for_comments",
        "closure_proposal_awaiting_broadcast",
        "closure_proposal_open_for_objections",
        "closed",
    ]


@pytest.mark.parametrize("status", list(AlertStatus))
def test_alr_080_aggregate_round_trips_through_json_for_persistence(world, status):
    from imi_alerts.domain import Alert

    alert = world.alert(status)
    restored = Alert.model_validate_json(alert.model_dump_json())
    assert restored.model_dump() == alert.model_dump()
    assert restored.events == []  # pending events are not state
    assert restored.history == alert.history


def test_non_utc_datetimes_are_a_programming_error(world):
    from datetime import timezone

    alert = world.alert(AlertStatus.DRAFT)
    with pytest.raises(ValueError):
        alert.submit(world.handler("FR-A"), world.later().astimezone(timezone(timedelta(hours=1))))
