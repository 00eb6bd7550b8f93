"""Closure (§5.9: ALR-007, ALR-039..048, X-048) and acceptance examples ALR-087/088."""

from __future__ import annotations

from datetime import timedelta

import pytest

from imi_alerts.domain import (
    AlertPeriodExpired,
    AlertStatus,
    ClosurePeriod,
    ClosurePeriods,
    Conflict,
    Forbidden,
    InvalidInput,
    Notification,
    OutsidePeriod,
    SubItemStatus,
    project,
)

COMMENTS = AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS
AWAITING = AlertStatus.CLOSURE_PROPOSAL_AWAITING_BROADCAST
OBJECTIONS = AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS


@pytest.fixture
def alert(world):
    """Broadcast; DE (the MSE) forwarded it to DE-A, DE-A2, DE-C; BE to BE-A."""
    alert = world.alert(AlertStatus.BROADCAST)
    world.receive(alert, "DE", ["DE-A", "DE-A2", "DE-C"], at=dict(hours=2))
    world.receive(alert, "BE", ["BE-A"], at=dict(hours=3))
    return alert


def propose(world, alert, who="DE-A", to="DE-C", days=1):
    return alert.propose_closure(
        world.handler(who),
        world.coord(to),
        world.text("Risk is gone"),
        world.periods,
        world.at(days=days),
    )


def test_alr_007_responsible_state_is_the_mse_or_else_the_launching_state(world):
    assert world.alert(AlertStatus.DRAFT, mse="DE").responsible_ms == "DE"
    assert world.alert(AlertStatus.DRAFT, mse="unknown").responsible_ms == "FR"


def test_alr_007_launching_state_closes_when_the_mse_is_unknown(world):
    alert = world.alert(
        AlertStatus.CLOSED, mse="unknown", closure_by="FR-A", closure_coordinator="FR-C"
    )
    assert alert.closure_proposals[0].responsible_ms == "FR"


def test_alr_040_recipient_handler_of_the_responsible_state_proposes(world, alert):
    events = propose(world, alert)
    assert alert.status is COMMENTS
    p = alert.closure
    assert (p.proposer_authority_id, p.closure_coordinator.authority_id) == ("DE-A", "DE-C")
    assert p.comment_period_ends_at == world.at(days=6)
    assert events[0].scope_ms == "DE" and events[1].item_kind == "closure_proposal"


def test_alr_040_other_states_cannot_propose(world, alert):
    with world.refused("ALR-040", Forbidden):
        alert.propose_closure(
            world.handler("BE-A"),
            world.coord("BE-INBOX"),
            world.text(),
            world.periods,
            world.later(),
        )
    with world.refused("ALR-040", Forbidden):
        alert.propose_closure(
            world.handler("FR-A"), world.coord("FR-C"), world.text(), world.periods, world.later()
        )


def test_alr_040_only_recipients_with_the_handler_right(world, alert):
    with world.refused("ALR-040", Forbidden):
        propose(world, alert, who="DE-A3")  # not a recipient
    with world.refused("ALR-040", Forbidden):
        alert.propose_closure(
            world.forwarder("DE-C"), world.coord("DE-C"), world.text(), world.periods, world.later()
        )


def test_alr_040_closure_coordinator_must_be_associated(world, alert):
    with world.refused("ALR-040", InvalidInput):
        propose(world, alert, who="DE-A2", to="DE-CFA")
    with world.refused("ALR-040", InvalidInput):
        propose(world, alert, who="DE-A", to="BE-INBOX")


def test_alr_041_other_authorities_of_the_state_are_invited_to_comment(world, alert):
    events = propose(world, alert)
    assert events[0].notification is Notification.CLOSURE_COMMENTS_OPEN
    assert set(events[0].notify_authority_ids) == {"DE-INBOX", "DE-INBOX2", "DE-A2", "DE-C"}


def test_alr_041_no_invitation_when_the_closure_coordinator_proposes(world, alert):
    events = alert.propose_closure(
        world.actor("DE-C", "handler"),
        world.coord("DE-C"),
        world.text(),
        world.periods,
        world.later(),
    )
    assert events[0].notification is None and events[0].notify_authority_ids == ()


def test_alr_042_only_the_responsible_state_comments_others_see_broadcast(world, alert):
    propose(world, alert)
    alert.comment_on_closure(world.handler("DE-A2"), world.text("Agreed"), world.at(days=2))
    with world.refused("ALR-042", Forbidden):
        alert.comment_on_closure(world.handler("BE-A"), world.text("No"), world.at(days=2))
    with world.refused("ALR-042", Forbidden):
        alert.comment_on_closure(world.handler("DE-A3"), world.text("?"), world.at(days=2))
    with world.refused("ALR-042", Forbidden):
        alert.comment_on_closure(world.viewer("DE-A2"), world.text("?"), world.at(days=2))
    be = project(alert, world.viewer("BE-A"))
    assert be.overview.status == "broadcast" and be.closure_proposal is None
    assert all(e.scope_ms in (None, "BE") for e in be.history)
    assert alert.visible_status("EU") == "broadcast"
    de = project(alert, world.viewer("DE-A"))
    assert de.overview.status == COMMENTS and len(de.closure_proposal.comments) == 1


def test_alr_087_mse_user_sees_the_proposal_other_state_does_not(world, alert):
    propose(world, alert)
    assert project(alert, world.viewer("DE-A2")).overview.status == (
        "closure_proposal_open_for_comments"
    )
    other = project(alert, world.viewer("BE-A"))
    assert other.overview.status == "broadcast" and other.closure_proposal is None


def test_alr_043_period_lengths_are_parameters(world, alert):
    short = ClosurePeriods(comment=timedelta(hours=1), objection=timedelta(hours=2))
    alert.propose_closure(
        world.handler("DE-A"), world.coord("DE-C"), world.text(), short, world.at(days=1)
    )
    assert alert.closure.comment_period_ends_at == world.t0 + timedelta(days=1, hours=1)


@pytest.mark.parametrize("status", [COMMENTS, AWAITING])
def test_alr_043_proposer_edits_or_cancels_without_final_approval(world, alert, status):
    propose(world, alert)
    if status is AWAITING:
        alert.expire_periods(world.at(days=6))
    with world.refused("ALR-043", Forbidden):
        alert.edit_closure_proposal(world.forwarder("DE-C"), world.text("x"), world.later())
    alert.edit_closure_proposal(world.handler("DE-A"), world.text("Edited"), world.later())
    assert alert.closure.text.text == "Edited"
    with world.refused("ALR-045", Forbidden):
        alert.cancel_closure_proposal(world.forwarder("DE-C"), world.later())
    alert.cancel_closure_proposal(world.handler("DE-A"), world.later())
    assert alert.status is AlertStatus.BROADCAST
    assert alert.closure_proposals[0].status is SubItemStatus.CANCELLED


@pytest.mark.parametrize("status", [COMMENTS, AWAITING])
def test_alr_043_closure_coordinator_with_final_approval_edits_or_deletes(world, alert, status):
    propose(world, alert, to="DE-CFA")
    if status is AWAITING:
        alert.expire_periods(world.at(days=6))
    with world.refused("ALR-043", Forbidden):
        alert.edit_closure_proposal(world.handler("DE-A"), world.text("x"), world.later())
    alert.edit_closure_proposal(world.forwarder("DE-CFA"), world.text("Edited"), world.later())
    with world.refused("ALR-045", Forbidden):
        alert.cancel_closure_proposal(world.handler("DE-A"), world.later())
    events = alert.cancel_closure_proposal(world.forwarder("DE-CFA"), world.later())
    assert events[0].scope_ms == "DE" and events[0].notification is None


def test_alr_044_comment_period_end_moves_to_awaiting_broadcast(world, alert):
    propose(world, alert)
    assert alert.expire_periods(world.at(days=5, hours=23)) == []
    events = alert.expire_periods(world.at(days=6))
    assert alert.status is AWAITING
    expired = [e for e in events if isinstance(e, AlertPeriodExpired)]
    assert expired[0].period is ClosurePeriod.COMMENT
    assert expired[0].notification is Notification.COMMENT_PERIOD_ENDED
    assert expired[0].notify_authority_ids == ("DE-C",) and expired[0].scope_ms == "DE"
    assert expired[0].actor is None
    assert alert.expire_periods(world.at(days=7)) == []


def test_alr_044_no_comment_after_the_period_even_before_the_job_runs(world, alert):
    propose(world, alert)
    with world.refused("ALR-066", OutsidePeriod):
        alert.comment_on_closure(world.handler("DE-A2"), world.text(), world.at(days=6))
    alert.expire_periods(world.at(days=6))
    with world.refused("ALR-066", Conflict):
        alert.comment_on_closure(world.handler("DE-A2"), world.text(), world.at(days=6))


def test_alr_045_broadcast_with_some_comments(world, alert):
    propose(world, alert)
    (c1,) = alert.comment_on_closure(world.handler("DE-A2"), world.text("Yes"), world.at(days=2))
    (c2,) = alert.comment_on_closure(
        world.handler("DE-A"), world.text("Internal"), world.at(days=3)
    )
    alert.expire_periods(world.at(days=6))
    with world.refused("ALR-045", InvalidInput):
        alert.broadcast_closure_proposal(
            world.forwarder("DE-C"), world.periods, world.at(days=7), comment_ids=["nope"]
        )
    events = alert.broadcast_closure_proposal(
        world.forwarder("DE-C"), world.periods, world.at(days=7), comment_ids=[c1.item_id]
    )
    assert alert.status is OBJECTIONS
    assert events[0].notification is Notification.CLOSURE_PROPOSAL_BROADCAST
    assert set(events[0].notify_authority_ids) == set(alert.active_recipient_ids())
    assert alert.closure.objection_period_ends_at == world.at(days=17)
    be = project(alert, world.viewer("BE-A"))
    assert be.overview.status == OBJECTIONS
    assert [c.item_id for c in be.closure_proposal.comments] == [c1.item_id]
    de = project(alert, world.viewer("DE-A"))
    assert [c.item_id for c in de.closure_proposal.comments] == [c1.item_id, c2.item_id]


def test_alr_045_broadcast_with_all_comments_by_default(world, alert):
    propose(world, alert)
    alert.comment_on_closure(world.handler("DE-A2"), world.text("Yes"), world.at(days=2))
    alert.expire_periods(world.at(days=6))
    alert.broadcast_closure_proposal(world.forwarder("DE-C"), world.periods, world.at(days=7))
    assert len(alert.closure.included_comment_ids) == 1


def test_alr_045_only_the_closure_coordinators_forwarders_broadcast(world, alert):
    propose(world, alert)
    alert.expire_periods(world.at(days=6))
    for who in (world.forwarder("DE-CFA"), world.forwarder("DE-INBOX"), world.handler("DE-C")):
        with world.refused("ALR-069", Forbidden):
            alert.broadcast_closure_proposal(who, world.periods, world.at(days=7))


def test_alr_046_objection_period_expiry_notifies_the_closure_coordinator(world):
    alert = world.alert(OBJECTIONS)
    assert alert.expire_periods(world.at(days=16)) == []
    (event,) = alert.expire_periods(world.at(days=16, hours=1))
    assert event.period is ClosurePeriod.OBJECTION
    assert event.notification is Notification.OBJECTION_PERIOD_ENDED
    assert event.notify_authority_ids == ("DE-C",)
    assert alert.status is OBJECTIONS and alert.closure.objection_period_ended
    assert alert.expire_periods(world.at(days=17)) == []


def test_alr_047_closure_coordinators_forwarder_closes_after_the_period(world):
    alert = world.alert(OBJECTIONS)
    with world.refused("ALR-047", Forbidden):
        alert.close(world.forwarder("DE-INBOX"), world.at(days=17))
    with world.refused("ALR-047", Forbidden):
        alert.close(world.forwarder("FR-C"), world.at(days=17))
    events = alert.close(world.forwarder("DE-C"), world.at(days=17))
    assert alert.status is AlertStatus.CLOSED and alert.closed_at == world.at(days=17)
    assert events[0].notification is Notification.CLOSED


def test_alr_047_alr_074_deciding_not_to_close_cancels_the_proposal(world):
    alert = world.alert(OBJECTIONS)
    with world.refused("ALR-074", Forbidden):
        alert.cancel_closure_proposal(world.handler("DE-A"), world.later())
    events = alert.cancel_closure_proposal(world.forwarder("DE-C"), world.later())
    assert alert.status is AlertStatus.BROADCAST
    assert events[0].notification is Notification.CLOSURE_PROPOSAL_CANCELLED
    assert events[0].scope_ms is None
    assert alert.closure_proposals[0].cancelled_after_broadcast
    assert project(alert, world.viewer("BE-INBOX")).closure_proposal.status == "cancelled"


def test_alr_088_closing_before_the_objection_period_ends_is_rejected(world):
    alert = world.alert(OBJECTIONS)
    with world.refused("ALR-047", OutsidePeriod):
        alert.close(world.forwarder("DE-C"), world.at(days=16))
    alert.close(world.forwarder("DE-C"), world.at(days=16, hours=1))
    for viewer in (world.viewer("DE-A"), world.viewer("FR-A"), world.actor("EU")):
        view = project(alert, viewer)
        assert view.access == "reduced" and view.personal_data is None
        assert view.items == () and view.closure_proposal is None
        assert view.recipients and view.history and view.overview.status == "closed"


def test_alr_048_closed_alert_shows_only_overview_recipients_and_history(world):
    alert = world.alert(AlertStatus.CLOSED)
    view = project(alert, world.forwarder("DE-C"))
    dumped = view.model_dump_json()
    assert "Jean Dupont" not in dumped and "Unsafe gas" not in dumped
    assert view.overview.provider_non_personal[0].code == "legal_form"
    assert {r.authority_id for r in view.recipients} >= {"FR-A", "DE-INBOX", "DE-A"}
    assert view.history[-1].action == "status:closed"


def test_alr_048_a_closed_alert_accepts_nothing(world):
    alert = world.alert(AlertStatus.CLOSED)
    with world.refused("ALR-065", Conflict):
        propose(world, alert, days=20)
    with world.refused("ALR-075", Conflict):
        alert.submit_withdrawal(world.handler("FR-A"), "x", world.at(days=20))
