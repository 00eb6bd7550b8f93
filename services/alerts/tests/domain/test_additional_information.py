"""Additional information and objections (§5.6: ALR-004, ALR-028..031, ALR-039)."""

from __future__ import annotations

import pytest

from imi_alerts.domain import (
    AdditionalInfoType,
    AlertItemStatusChanged,
    AlertStatus,
    Attachment,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    Notification,
    OutsidePeriod,
    SubItemStatus,
    project,
)

INFO = AdditionalInfoType.INFORMATION
OBJECTION = AdditionalInfoType.OBJECTION_TO_CLOSURE


@pytest.fixture
def alert(world):
    alert = world.alert(AlertStatus.BROADCAST)
    world.receive(alert, "DE", ["DE-A", "DE-C", "DE-CFA"])
    world.receive(alert, "BE", ["BE-A"])
    return alert


def submit(world, alert, who="DE-A", to="DE-C", info_type=INFO, **kw):
    (event,) = alert.submit_information(
        world.handler(who), info_type, world.text("Fined"), world.coord(to), world.later(), **kw
    )
    return event


def test_alr_029_two_steps_submit_then_forwarder_broadcasts(world, alert):
    event = submit(world, alert, attachments=[Attachment(attachment_id="p", filename="p.pdf")])
    item = alert.items[0]
    assert item.status is SubItemStatus.SUBMITTED and event.new_status == "submitted"
    assert event.scope_ms == "DE" and event.personal_data == {
        "attachments": [{"attachment_id": "p", "filename": "p.pdf", "comment_code": None}]
    }
    (b,) = alert.broadcast_information(world.forwarder("DE-C"), item.item_id, world.later())
    assert item.status is SubItemStatus.BROADCAST and item.broadcast_at is not None
    assert isinstance(b, AlertItemStatusChanged) and b.scope_ms is None


def test_alr_029_forwarder_may_submit_too(world, alert):
    (event,) = alert.submit_information(
        world.forwarder("DE-INBOX"), INFO, world.text(), world.coord("DE-INBOX"), world.later()
    )
    item = alert.items[-1]
    assert (item.status, item.author_authority_id) == (SubItemStatus.SUBMITTED, "DE-INBOX")
    assert item.submitted_to is not None and item.submitted_to.authority_id == "DE-INBOX"
    assert event.new_status == "submitted" and event.scope_ms == "DE"


def test_alr_029_submit_to_a_coordinator_of_ones_own_state(world, alert):
    with world.refused("ALR-029", InvalidInput):
        submit(world, alert, to="BE-INBOX")


def test_alr_029_only_the_coordinator_it_was_submitted_to_broadcasts(world, alert):
    submit(world, alert, to="DE-C")
    with world.refused("ALR-064", Forbidden):
        alert.broadcast_information(
            world.forwarder("DE-CFA"), alert.items[0].item_id, world.later()
        )
    with world.refused("ALR-064", NotFound):
        alert.broadcast_information(world.forwarder("DE-C"), "nope", world.later())


def test_alr_029_final_approval_forwarders_edit_or_delete_before_broadcast(world, alert):
    submit(world, alert, to="DE-CFA")
    item_id = alert.items[0].item_id
    with world.refused("ALR-029", Forbidden):
        alert.edit_information(world.handler("DE-A"), item_id, world.later(), text=world.text("x"))
    alert.edit_information(
        world.forwarder("DE-CFA"), item_id, world.later(), text=world.text("Fined 10 000 EUR")
    )
    assert alert.items[0].text.text == "Fined 10 000 EUR"
    alert.delete_information(world.forwarder("DE-CFA"), item_id, world.later())
    assert alert.items[0].status is SubItemStatus.DELETED
    with world.refused("ALR-064", Conflict):
        alert.broadcast_information(world.forwarder("DE-CFA"), item_id, world.later())


def test_alr_029_without_final_approval_the_submitting_authority_keeps_the_right(world, alert):
    submit(world, alert, to="DE-C")
    item_id = alert.items[0].item_id
    with world.refused("ALR-029", Forbidden):
        alert.edit_information(
            world.forwarder("DE-C"), item_id, world.later(), text=world.text("x")
        )
    (e,) = alert.edit_information(world.handler("DE-A"), item_id, world.later(), attachments=[])
    assert e.edited and e.old_status == e.new_status == "submitted"
    alert.delete_information(world.handler("DE-A"), item_id, world.later())
    with world.refused("ALR-029", Conflict):
        alert.edit_information(world.handler("DE-A"), item_id, world.later(), text=world.text("x"))


def test_alr_029_broadcast_items_can_no_longer_be_edited(world, alert):
    submit(world, alert)
    alert.broadcast_information(world.forwarder("DE-C"), alert.items[0].item_id, world.later())
    with world.refused("ALR-029", Conflict):
        alert.delete_information(world.handler("DE-A"), alert.items[0].item_id, world.later())


def test_alr_029_pending_items_stay_inside_the_submitting_state(world, alert):
    submit(world, alert)
    assert len(project(alert, world.viewer("DE-A")).items) == 1
    assert project(alert, world.viewer("BE-A")).items == ()
    assert all(
        e.action != "information_submitted" for e in project(alert, world.viewer("BE-A")).history
    )
    alert.broadcast_information(world.forwarder("DE-C"), alert.items[0].item_id, world.later())
    assert len(project(alert, world.viewer("BE-A")).items) == 1


def test_alr_030_broadcast_notifies_every_taking_part_authority(world, alert):
    event = submit(world, alert)
    assert event.notification is Notification.INFO_SUBMITTED
    assert event.notify_authority_ids == ("DE-C",)
    (b,) = alert.broadcast_information(world.forwarder("DE-C"), event.item_id, world.later())
    assert b.notification is Notification.INFO_BROADCAST
    assert set(b.notify_authority_ids) == {
        "DE-INBOX",
        "DE-INBOX2",
        "DE-A",
        "DE-C",
        "DE-CFA",
        "BE-INBOX",
        "BE-A",
        "FR-A",
        "FR-C",
        "FR-INBOX",
    }


@pytest.mark.parametrize(
    "status",
    [
        AlertStatus.BROADCAST,
        AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS,
        AlertStatus.CLOSURE_PROPOSAL_AWAITING_BROADCAST,
        AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS,
        AlertStatus.WITHDRAWAL_AWAITING_BROADCAST,
    ],
)
def test_alr_028_information_may_be_added_until_closure(world, status):
    alert = world.alert(status)
    world.receive(alert, "BE", ["BE-A"])
    before = len(alert.items)
    alert.submit_information(
        world.handler("BE-A"), INFO, world.text("Fined"), world.coord("BE-INBOX"), world.later()
    )
    item = alert.items[-1]
    assert len(alert.items) == before + 1 and item.status is SubItemStatus.SUBMITTED
    alert.broadcast_information(world.forwarder("BE-INBOX"), item.item_id, world.later())
    assert item.status is SubItemStatus.BROADCAST and item.broadcast_at is not None
    assert alert.status is status  # adding information never moves the alert (ALR-028)
    # the broadcast item reaches the other states taking part (ALR-030)
    seen = project(alert, world.forwarder("FR-C"))
    assert [i.text.text for i in seen.items if i.item_id == item.item_id] == ["Fined"]


@pytest.mark.parametrize("status", [AlertStatus.WITHDRAWN, AlertStatus.CLOSED])
def test_alr_028_nothing_is_added_once_withdrawn_or_closed(world, status):
    alert = world.alert(status)
    with world.refused("ALR-028", Conflict):
        alert.submit_information(
            world.handler("FR-A"), INFO, world.text(), world.coord("FR-C"), world.later()
        )


def test_alr_028_pending_item_cannot_be_broadcast_after_closure(world):
    alert = world.alert(AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS)
    alert.submit_information(
        world.handler("FR-A"), INFO, world.text(), world.coord("FR-C"), world.later()
    )
    alert.close(world.forwarder("DE-C"), world.at(days=30))
    with world.refused("ALR-064", Conflict):
        alert.broadcast_information(world.forwarder("FR-C"), alert.items[-1].item_id, world.later())


def test_alr_063_only_authorities_taking_part_submit(world, alert):
    with world.refused("ALR-063", Forbidden):
        submit(world, alert, who="DE-A2")
    fresh = world.alert(AlertStatus.BROADCAST)
    with world.refused("ALR-063", Forbidden):  # inbox before acknowledging
        fresh.submit_information(
            world.actor("DE-INBOX", "handler"),
            INFO,
            world.text(),
            world.coord("DE-INBOX"),
            world.later(),
        )


# -- ALR-004 types --------------------------------------------------------------------------


def test_alr_004_clarification_request_to_the_launching_state(world, alert):
    submit(world, alert, info_type=AdditionalInfoType.CLARIFICATION_REQUEST, addressed_to_ms="FR")
    assert alert.items[0].addressed_to_ms == "FR"


def test_alr_004_clarification_request_to_a_state_that_gave_information(world, alert):
    with world.refused("ALR-004", InvalidInput):
        submit(
            world, alert, info_type=AdditionalInfoType.CLARIFICATION_REQUEST, addressed_to_ms="BE"
        )
    alert.submit_information(
        world.handler("BE-A"), INFO, world.text(), world.coord("BE-INBOX"), world.later()
    )
    alert.broadcast_information(world.forwarder("BE-INBOX"), alert.items[0].item_id, world.later())
    submit(world, alert, info_type=AdditionalInfoType.CLARIFICATION_REQUEST, addressed_to_ms="BE")


def test_alr_004_clarification_refusals(world, alert):
    with world.refused("ALR-004", InvalidInput):  # no addressee
        submit(world, alert, info_type=AdditionalInfoType.CLARIFICATION_REQUEST)
    with world.refused("ALR-004", InvalidInput):  # not to oneself
        alert.submit_information(
            world.handler("FR-A"),
            AdditionalInfoType.CLARIFICATION_REQUEST,
            world.text(),
            world.coord("FR-C"),
            world.later(),
            addressed_to_ms="FR",
        )
    with world.refused("ALR-004", InvalidInput):  # only clarification requests are addressed
        submit(world, alert, addressed_to_ms="FR")


def test_alr_039_other_states_suggest_closure(world, alert):
    alert.submit_information(
        world.handler("BE-A"),
        AdditionalInfoType.CLOSURE_SUGGESTION,
        world.text(),
        world.coord("BE-INBOX"),
        world.later(),
    )
    with world.refused("ALR-039", Forbidden):
        submit(world, alert, info_type=AdditionalInfoType.CLOSURE_SUGGESTION)


# -- ALR-031 objections ---------------------------------------------------------------------


@pytest.fixture
def objections(world):
    alert = world.alert(AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS)
    world.receive(alert, "BE", ["BE-A"])
    return alert


def test_alr_031_objection_by_another_state_within_the_period(world, objections):
    (e,) = objections.submit_information(
        world.handler("BE-A"),
        OBJECTION,
        world.text("Risk"),
        world.coord("BE-INBOX"),
        world.at(days=7),
    )
    assert e.info_type is OBJECTION and e.notification is Notification.INFO_SUBMITTED
    (b,) = objections.broadcast_information(
        world.forwarder("BE-INBOX"), e.item_id, world.at(days=8)
    )
    assert b.notification is Notification.OBJECTION_BROADCAST
    assert set(b.notify_authority_ids) >= {"DE-A", "DE-C", "FR-A", "BE-A", "BE-INBOX"}


def test_alr_031_the_proposing_state_cannot_object(world, objections):
    with world.refused("ALR-031", Forbidden):
        objections.submit_information(
            world.handler("DE-A"), OBJECTION, world.text(), world.coord("DE-C"), world.at(days=7)
        )


def test_alr_031_no_objection_after_the_objection_period(world, objections):
    with world.refused("ALR-031", OutsidePeriod):
        objections.submit_information(
            world.handler("BE-A"),
            OBJECTION,
            world.text(),
            world.coord("BE-INBOX"),
            world.at(days=16, hours=1),
        )


@pytest.mark.parametrize(
    "status",
    [
        AlertStatus.BROADCAST,
        AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS,
        AlertStatus.CLOSURE_PROPOSAL_AWAITING_BROADCAST,
    ],
)
def test_alr_031_objections_only_while_open_for_objections(world, status):
    alert = world.alert(status)
    world.receive(alert, "BE", ["BE-A"])
    with world.refused("ALR-031", Conflict):
        alert.submit_information(
            world.handler("BE-A"), OBJECTION, world.text(), world.coord("BE-INBOX"), world.later()
        )


def test_alr_031_objection_broadcast_after_period_end_but_not_after_cancellation(world, objections):
    (e,) = objections.submit_information(
        world.handler("BE-A"), OBJECTION, world.text(), world.coord("BE-INBOX"), world.at(days=7)
    )
    objections.cancel_closure_proposal(world.forwarder("DE-C"), world.at(days=8))
    with world.refused("ALR-071", Conflict):
        objections.broadcast_information(world.forwarder("BE-INBOX"), e.item_id, world.at(days=9))
    objections.delete_information(world.handler("BE-A"), e.item_id, world.at(days=9))
