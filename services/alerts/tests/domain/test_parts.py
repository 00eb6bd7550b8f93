"""Unit tests of the parts the `Alert` aggregate is composed of (issue 8): each owns its
entries and the queries about them, independently of the aggregate root."""

from __future__ import annotations

from datetime import timedelta

import pytest

from imi_alerts.domain import AlertStatus, Conflict, DeliveryKind, NotFound
from imi_alerts.domain.closure_proposal import ClosureProposal, ClosureProposals
from imi_alerts.domain.deliveries import Deliveries
from imi_alerts.domain.enums import AdditionalInfoType, ItemKind, SubItemStatus
from imi_alerts.domain.errors import Forbidden
from imi_alerts.domain.items import AlertItem, Items
from imi_alerts.domain.record import move, require_aware, require_status
from imi_alerts.domain.withdrawals import Withdrawal, Withdrawals


def _deliveries(world) -> Deliveries:
    parts = Deliveries()
    kw = dict(launching_authority_id="FR-A", coordinator=world.coord("FR-C"))
    parts.deliver("DE", DeliveryKind.RECIPIENT_MS, ("DE-INBOX",), world.t0, **kw)
    parts.deliver("FR", DeliveryKind.ORIGIN_COPY, ("FR-INBOX",), world.t0, **kw)
    return parts


def test_alr_021_deliveries_origin_copy_lists_launcher_coordinator_and_inbox(world):
    parts = _deliveries(world)
    assert list(parts) == ["DE", "FR"] and "DE" in parts and len(parts) == 2
    assert parts.active_recipient_ids("FR") == ("FR-A", "FR-C", "FR-INBOX")
    assert parts.active_recipient_ids() == ("DE-INBOX", "FR-A", "FR-C", "FR-INBOX")
    assert parts.model_dump(mode="json")["FR"]["kind"] == "origin_copy"


def test_alr_022_deliveries_recipient_state_awaits_acknowledgement(world):
    parts = _deliveries(world)
    assert parts.awaits_acknowledgement("DE") and not parts.awaits_acknowledgement("FR")
    assert not parts.awaits_acknowledgement("BE")


def test_alr_003_deliveries_participant_must_be_an_acknowledged_recipient(world):
    parts = _deliveries(world)
    with world.refused("ALR-063", Forbidden):
        parts.require_participant(world.handler("DE-INBOX"), "ALR-063")  # not acknowledged
    with world.refused("ALR-063", Forbidden):
        parts.require_participant(world.handler("FR-A2"), "ALR-063")  # not on the list
    assert parts.require_participant(world.handler("FR-A"), "ALR-063") is parts["FR"]
    with world.refused("ALR-022", Forbidden):
        parts.own(world.handler("BE-A"), "ALR-022")


def _item(n: int, **over) -> AlertItem:
    values = dict(
        item_id=f"a-1/I{n}",
        kind=ItemKind.ADDITIONAL_INFORMATION,
        info_type=AdditionalInfoType.INFORMATION,
        author_user_id="u",
        author_authority_id="BE-A",
        author_ms="BE",
        text={"text": "t", "lang": "en"},
        submitted_at="2025-03-03T09:00:00Z",
    )
    values.update(over)
    return AlertItem.model_validate(values)


def test_alr_029_items_find_information_or_not_found():
    items = Items()
    assert items.new_id("a-1") == "a-1/I1"
    items.add(_item(1))
    items.add(_item(2, kind=ItemKind.COMMENT, info_type=None, closure_proposal_id="a-1/C1"))
    assert items.information("a-1/I1", "ALR-029").item_id == "a-1/I1"
    with pytest.raises(NotFound) as info:
        items.information("a-1/I2", "ALR-029")  # a comment, not additional information
    assert info.value.rule_id == "ALR-029"
    assert [c.item_id for c in items.comments_on("a-1/C1")] == ["a-1/I2"]
    assert items.new_id("a-1") == "a-1/I3" and items[-1].item_id == "a-1/I2"


def test_alr_004_items_informing_states_are_those_with_broadcast_information():
    items = Items([_item(1), _item(2, author_ms="IT", status=SubItemStatus.BROADCAST)])
    assert items.informing_states() == {"IT"}


def _proposal(world, status=SubItemStatus.SUBMITTED) -> ClosureProposal:
    return ClosureProposal(
        proposal_id="a-1/C1",
        status=status,
        text=world.text("close"),
        proposer_user_id="u",
        proposer_authority_id="DE-A",
        responsible_ms="DE",
        closure_coordinator=world.coord("DE-C"),
        submitted_at=world.t0,
        comment_period_ends_at=world.t0 + timedelta(days=5),
    )


def test_alr_045_closure_proposals_only_the_last_pending_one_counts(world):
    proposals = ClosureProposals()
    assert proposals.pending is None and proposals.new_id("a-1") == "a-1/C1"
    proposals.append(_proposal(world, SubItemStatus.CANCELLED))
    assert proposals.pending is None
    proposals.append(_proposal(world))
    assert proposals.pending is proposals[1] and proposals.coordinator_ids() == {"DE-C"}
    proposals.refresh_coordinator("DE-C", True)
    assert proposals[1].closure_coordinator.final_approval is True


def test_alr_005_withdrawals_pending_is_the_submitted_last_one(world):
    withdrawals = Withdrawals()
    assert withdrawals.pending is None and withdrawals.new_id("a-1") == "a-1/W1"
    withdrawals.append(
        Withdrawal(
            withdrawal_id="a-1/W1",
            justification="wrong",
            submitted_by_user_id="u",
            submitted_by_authority_id="FR-A",
            submitted_at=world.t0,
            previous_status=AlertStatus.BROADCAST,
        )
    )
    assert withdrawals.require_pending().withdrawal_id == "a-1/W1"
    withdrawals[0].status = SubItemStatus.CANCELLED
    assert withdrawals.pending is None


def test_alr_006_record_move_logs_and_emits_one_status_change(world):
    alert = world.alert(AlertStatus.DRAFT)
    alert.pull_events()
    before = len(alert.history)
    (event,) = move(alert, None, world.later(), AlertStatus.DELETED)
    assert event.old_status is AlertStatus.DRAFT and event.new_status is AlertStatus.DELETED
    assert alert.deleted_at is not None and alert.pull_events() == [event]
    assert len(alert.history) == before + 1 and alert.history[-1].action == "status:deleted"
    with world.refused("ALR-050", Conflict):
        require_status(alert, [AlertStatus.DRAFT], "ALR-050", "edit")


def test_x_025_record_needs_an_aware_utc_clock(world):
    with pytest.raises(ValueError):
        require_aware(world.t0.replace(tzinfo=None))
    assert require_aware(world.t0) is world.t0
