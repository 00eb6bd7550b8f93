"""The inbox copy kept from the origin's updates (pure): order, repeats, the recipient state's
own actions before the origin confirms or refuses them (ALR-022..026, ALR-081)."""

from datetime import UTC, datetime, timedelta

import pytest

from imi_alerts.adapters.delivery_messages import CopyUpdated, RejectedAction
from imi_alerts.copies.actions import LocalAction
from imi_alerts.copies.distributed import DistributedAlert, DistributionContent, TargetEvent
from imi_alerts.copies.model import InboxCopy
from imi_alerts.copies.targets import events_by_participant
from imi_alerts.domain import (
    Actor,
    Alert,
    AlertRight,
    AuthorityAlertRole,
    ContentChanges,
    CoordinatorRef,
    DomainError,
    FreeText,
    ProviderField,
    RecipientAuthority,
)
from imi_alerts.handlers.fanout import project_copy

T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)
COORD = frozenset({AuthorityAlertRole.ALERT_COORDINATOR})
INBOX = COORD | {AuthorityAlertRole.ALERT_INBOX}


def actor(authority_id, ms, roles, *rights, **over):
    return Actor(
        user_id=f"u-{authority_id}",
        authority_id=authority_id,
        member_state=ms,
        authority_roles=roles,
        rights=frozenset(rights),
        **over,
    )


FR_A = actor(
    "FR-A",
    "FR",
    frozenset({AuthorityAlertRole.ALERT_AUTHORITY}),
    AlertRight.ALERT_HANDLER,
    associated_coordinator_ids=frozenset({"FR-C"}),
)
FR_C = actor("FR-C", "FR", COORD, AlertRight.ALERT_FORWARDER)
DE_INBOX = actor("DE-INBOX", "DE", INBOX, AlertRight.ALERT_FORWARDER)


def broadcast_alert() -> tuple[Alert, list]:
    changes = ContentChanges(
        provider=(ProviderField(code="name", value="Jean Dupont"),),
        establishment_ms="DE",
        description=FreeText(text="Unsafe", lang="en"),
        recipient_ms=("DE",),
    )
    alert = Alert.launch(
        alert_id="a-1", actor=FR_A, checklist={"c": True}, criteria=("c",), now=T0, changes=changes
    )
    alert.select_coordinator(FR_A, CoordinatorRef(authority_id="FR-C", member_state="FR"), T0)
    alert.save_draft(FR_A, lambda ms, now: "ALR-FR-2026-00001", T0)
    alert.submit(FR_A, T0)
    alert.accept_for_broadcast(FR_C, T0)
    alert.pull_events()
    events = alert.broadcast(FR_C, {"DE": ["DE-INBOX"], "FR": ["FR-INBOX"]}, T0)
    alert.pull_events()
    return alert, events


def update_for(alert, events, seq, participant="DE", known=(), **target):
    """(the update, its opened copy) as the worker projects it from the wire content."""
    mine = events_by_participant(events, known).get(participant, [])
    content = DistributionContent(
        alert=DistributedAlert.from_alert(alert),
        events={participant: tuple(TargetEvent.of(e) for e in mine)},
    )
    wire = DistributionContent.model_validate_json(content.model_dump_json())  # as unsealed
    copy = project_copy(wire.alert.to_alert(), wire, participant)
    update = CopyUpdated(
        alert_id=alert.alert_id,
        number=alert.ref_no,
        origin_ms="FR",
        participant=participant,
        seq=seq,
        sealed_copy=None,
        **target,
    )
    return update, copy


def new_copy():
    return InboxCopy(alert_id="a-1", participant="DE")


def test_alr_081_updates_apply_in_order_whatever_their_arrival():
    alert, delivered = broadcast_alert()
    first = update_for(alert, delivered, 1)
    acked = alert.acknowledge(DE_INBOX, T0 + timedelta(hours=1))
    second = update_for(alert, acked, 2, known=("DE", "FR", "EU"))
    copy = new_copy()
    assert copy.receive(*second, keep_personal_data=True, now=T0)  # early: buffered
    assert not copy.delivered and copy.buffered
    assert copy.receive(*first, keep_personal_data=True, now=T0)
    assert copy.next_seq == 3 and not copy.buffered and copy.status == "acknowledged"
    assert [e.event_type for e in copy.events] == ["alert.delivered", "alert.acknowledged"]
    assert not copy.receive(*first, keep_personal_data=True, now=T0)  # a repeat changes nothing
    assert not copy.receive(*second, keep_personal_data=True, now=T0)


def test_alr_022_a_local_action_survives_an_older_update_until_confirmed():
    alert, delivered = broadcast_alert()
    copy = new_copy()
    copy.receive(*update_for(alert, delivered, 1), keep_personal_data=True, now=T0)
    ack = LocalAction(action_id="act-1", kind="acknowledge", actor=DE_INBOX, at=T0)
    copy.act(ack)
    assert copy.status == "acknowledged"
    # an update the origin sent before applying the acknowledgement keeps it shown
    copy.receive(*update_for(alert, [], 2), keep_personal_data=True, now=T0)
    assert copy.status == "acknowledged" and copy.local_actions
    acked = alert.acknowledge(DE_INBOX, T0)
    copy.receive(
        *update_for(alert, acked, 3, known=("DE",), cause_action_id="act-1"),
        keep_personal_data=True,
        now=T0,
    )
    assert copy.local_actions == [] and copy.status == "acknowledged"


def test_alr_026_a_refused_local_action_is_dropped_and_reported():
    alert, delivered = broadcast_alert()
    copy = new_copy()
    copy.receive(*update_for(alert, delivered, 1), keep_personal_data=True, now=T0)
    copy.act(LocalAction(action_id="act-1", kind="acknowledge", actor=DE_INBOX, at=T0))
    refusal = RejectedAction(action_id="act-1", rule="ALR-058", error="already acknowledged")
    copy.receive(
        *update_for(alert, [], 2, rejected_action=refusal), keep_personal_data=True, now=T0
    )
    assert copy.local_actions == [] and copy.status == "awaiting_acknowledgement"
    assert copy.rejected_actions == [refusal.model_dump()]


def test_alr_023_local_actions_are_checked_by_the_domain_rules():
    alert, delivered = broadcast_alert()
    copy = new_copy()
    copy.receive(*update_for(alert, delivered, 1), keep_personal_data=True, now=T0)
    forward = LocalAction(
        action_id="f",
        kind="forward",
        actor=DE_INBOX,
        at=T0,
        authorities=(RecipientAuthority(authority_id="DE-A", member_state="DE"),),
    )
    with pytest.raises(DomainError) as refused:
        copy.act(forward)  # not acknowledged yet
    assert refused.value.rule_id == "ALR-022" and copy.local_actions == []


def test_alr_079_the_commission_update_has_no_personal_data():
    alert, delivered = broadcast_alert()
    _, eu = update_for(alert, delivered, 1, participant="EU")
    assert eu.kind == "commission"
    assert eu.view.access == "non_personal" and eu.view.personal_data is None
    assert "Jean Dupont" not in eu.model_dump_json()  # no PD in the content at all


def test_x_009_the_distributed_content_has_no_personal_data_and_bounds_its_texts():
    alert, _ = broadcast_alert()
    wire = DistributedAlert.from_alert(alert)
    assert "Jean Dupont" not in wire.model_dump_json() and wire.provider_non_personal == ()
    assert wire.to_alert().content.description == FreeText(text="Unsafe", lang="en")
    too_long = wire.model_dump(mode="json") | {"description": {"text": "x" * 20_001, "lang": "en"}}
    with pytest.raises(ValueError, match="longer than"):
        DistributedAlert.model_validate(too_long)


def test_x_009_after_shredding_an_update_only_moves_the_sequence_and_settles_actions():
    alert, delivered = broadcast_alert()
    copy = new_copy()
    copy.receive(*update_for(alert, delivered, 1), keep_personal_data=True, now=T0)
    copy.act(LocalAction(action_id="act-1", kind="acknowledge", actor=DE_INBOX, at=T0))
    shredded, _ = update_for(alert, [], 2, cause_action_id="act-1")
    assert copy.receive(shredded, None, keep_personal_data=True, now=T0)
    assert copy.next_seq == 3 and copy.local_actions == [] and copy.status == "acknowledged"
    assert copy.view is not None and copy.sealed_personal_data is None


def test_upgrade_an_update_buffered_as_1_0_before_the_upgrade_is_applied_in_order():
    alert, delivered = broadcast_alert()
    update, content = update_for(alert, delivered, 1)
    copy = new_copy()
    copy.buffered["2"] = {  # an alert.copy_updated 1.0 as the old inbox buffered it
        "alert_id": "a-1",
        "origin_ms": "FR",
        "participant": "DE",
        "seq": 2,
        "kind": content.kind.value,
        "alert_status": "withdrawn",
        "delivery": content.delivery.model_dump(mode="json"),
        "view": content.view.model_dump(mode="json"),
        "events": [{"event_type": "alert.withdrawn", "occurred_at": "2026-01-06T09:00:00Z"}],
    }
    assert copy.receive(update, content, keep_personal_data=True, now=T0)
    assert copy.next_seq == 3 and copy.buffered == {} and copy.status == "withdrawn"
    assert [e.event_type for e in copy.events] == ["alert.delivered", "alert.withdrawn"]
