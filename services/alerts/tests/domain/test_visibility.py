"""Personal-data visibility and views (X-010, X-011, X-014, ALR-048, ALR-077..079)."""

from __future__ import annotations

import pytest

from imi_alerts.domain import (
    AdditionalInfoType,
    AlertStatus,
    Attachment,
    Conflict,
    ContentChanges,
    NoAccess,
    can_view,
    list_row,
    project,
)
from imi_alerts.domain.alert import Alert


@pytest.fixture
def alert(world):
    alert = world.alert(AlertStatus.BROADCAST)
    world.receive(alert, "DE", ["DE-A", "DE-C"])
    (e,) = alert.submit_information(
        world.handler("DE-A"),
        AdditionalInfoType.INFORMATION,
        world.text("Licence withdrawn"),
        world.coord("DE-C"),
        world.later(),
        attachments=[Attachment(attachment_id="dec", filename="decision.pdf")],
    )
    alert.broadcast_information(world.forwarder("DE-C"), e.item_id, world.later())
    return alert


@pytest.mark.parametrize("rights", [("viewer",), ("handler",), ("forwarder",)])
def test_x_011_participating_alert_users_see_pd_and_content(world, alert, rights):
    view = project(alert, world.actor("DE-C", *rights))
    assert view.access == "full"
    assert [f.value for f in view.personal_data.provider] == ["Jean Dupont"]
    assert view.personal_data.attachments == world.attachments
    assert view.description == world.description
    assert view.items[0].attachments[0].attachment_id == "dec"


def test_x_011_commission_never_sees_pd_but_sees_non_pd_content(world, alert):
    view = project(alert, world.actor("EU"))
    assert view.access == "non_personal" and view.personal_data is None
    assert view.description == world.description
    assert view.items[0].text.text == "Licence withdrawn" and view.items[0].attachments is None
    dumped = view.model_dump_json()
    assert "Jean Dupont" not in dumped and "decision.pdf" not in dumped
    assert "inspection.pdf" not in dumped


def test_alr_079_commission_view_and_list_exclude_pd(world, alert):
    row = list_row(alert, world.actor("EU"))
    assert "Jean Dupont" not in row.model_dump_json()
    assert [f.code for f in row.provider_non_personal] == ["legal_form"]


@pytest.mark.parametrize(
    "status",
    [
        AlertStatus.DRAFT,
        AlertStatus.SUBMITTED_FOR_BROADCAST,
        AlertStatus.AWAITING_BROADCAST,
        AlertStatus.DELETED,
    ],
)
def test_alr_079_commission_sees_nothing_before_broadcast(world, status):
    with world.refused("ALR-079", NoAccess):
        project(world.alert(status), world.actor("EU"))


@pytest.mark.parametrize("status", [AlertStatus.CLOSED, AlertStatus.WITHDRAWN])
def test_x_011_closed_or_withdrawn_any_user_reduced_view_only(world, status):
    alert = world.alert(status)
    for viewer in (
        world.viewer("FR-A"),
        world.forwarder("FR-C"),
        world.viewer("DE-INBOX"),
        world.actor("EU"),
    ):
        view = project(alert, viewer)
        assert view.access == "reduced"
        assert (view.personal_data, view.description, view.suggested_recipients) == (
            None,
            None,
            None,
        )
        assert view.items == () and view.closure_proposal is None and view.withdrawal is None
        assert view.recipients and view.history and view.overview.ref_no == alert.ref_no


def test_x_011_pd_locked_alert_is_shown_as_closed(world):
    alert = world.alert(AlertStatus.CLOSED)
    alert.lock_personal_data(world.later())
    assert alert.pd_locked and project(alert, world.viewer("FR-A")).access == "reduced"
    alert.purge_personal_data(world.later())
    assert alert.pd_deleted and alert.content.attachments == ()
    assert [f.code for f in alert.content.provider] == ["legal_form"]
    assert [e.action for e in alert.history[-2:]] == [
        "personal_data_locked",
        "personal_data_deleted",
    ]
    alert.purge_personal_data(world.later())  # idempotent


def test_x_011_personal_data_of_a_live_alert_is_not_locked(world, alert):
    with world.refused("X-011", Conflict):
        alert.lock_personal_data(world.later())


def test_x_011_email_notifications_carry_no_case_content(world, alert):
    """Events name a notification code and authority ids; content travels apart from them."""
    events = alert.change_establishment(world.forwarder("FR-C"), "BE", world.later())
    assert events[0].personal_data is None and events[0].notification is not None


def test_x_010_users_without_an_alert_right_see_nothing(world, alert):
    with world.refused("ALR-011", NoAccess):
        project(alert, world.actor("DE-A", "handler", rights=frozenset()))


def test_x_010_before_broadcast_only_the_launching_authority_and_coordinator(world):
    draft = world.alert(AlertStatus.DRAFT)
    assert can_view(draft, world.viewer("FR-A"))
    assert not can_view(draft, world.viewer("FR-C"))  # not submitted yet
    submitted = world.alert(AlertStatus.SUBMITTED_FOR_BROADCAST)
    assert can_view(submitted, world.viewer("FR-C"))
    for other in ("FR-CFA", "FR-INBOX", "DE-INBOX"):
        with world.refused("X-010", NoAccess):
            project(submitted, world.viewer(other))
    with world.refused("ALR-050", NoAccess):
        project(world.alert(AlertStatus.DELETED), world.viewer("FR-A"))


def test_x_010_coordinator_receiving_an_item_sees_the_alert(world, alert):
    alert.submit_information(
        world.handler("DE-A"),
        AdditionalInfoType.INFORMATION,
        world.text(),
        world.coord("DE-CFA"),
        world.later(),
    )
    assert project(alert, world.forwarder("DE-CFA")).access == "full"


def test_alr_077_list_row_columns_with_the_status_visible_to_the_state(world, alert):
    row = list_row(alert, world.viewer("BE-INBOX"))
    assert (row.ref_no, row.service_activity_code, row.establishment_ms) == (
        alert.ref_no,
        "F43.22",
        "DE",
    )
    assert (row.launching_authority_id, row.status) == ("FR-A", "awaiting_acknowledgement")
    assert row.broadcast_at == alert.broadcast_at
    assert list_row(alert, world.viewer("DE-A")).status == "broadcast"
    with world.refused("X-010", NoAccess):
        list_row(alert, world.viewer("DE-A2"))


def test_alr_077_removed_recipient_row_freezes_at_removal(world, alert):
    world.receive(alert, "DE", ["DE-A2"])
    alert.remove_recipient(world.forwarder("DE-INBOX"), "DE-A2", world.later())
    alert.propose_closure(
        world.handler("DE-A"), world.coord("DE-C"), world.text(), world.periods, world.later()
    )
    assert list_row(alert, world.viewer("DE-A2")).status == "broadcast"


def test_alr_078_reports_contain_only_what_the_user_sees(world):
    alert = world.alert(AlertStatus.DRAFT)
    assert project(alert, world.viewer("FR-A")).personal_data is not None  # draft included
    closed = world.alert(AlertStatus.CLOSED)
    assert project(closed, world.viewer("FR-A")).access == "reduced"


def test_x_014_printing_a_closed_alert_prints_only_the_reduced_view(world):
    closed = world.alert(AlertStatus.CLOSED)
    printed = project(closed, world.viewer("DE-A")).model_dump()
    assert printed["personal_data"] is None and printed["items"] == ()


def test_alr_042_history_of_the_comment_phase_stays_in_the_responsible_state(world):
    alert = world.alert(AlertStatus.CLOSURE_PROPOSAL_AWAITING_BROADCAST)
    world.receive(alert, "BE", ["BE-A"])
    be_actions = [e.action for e in project(alert, world.viewer("BE-A")).history]
    de_actions = [e.action for e in project(alert, world.viewer("DE-A")).history]
    assert "status:closure_proposal_open_for_comments" in de_actions
    assert "status:closure_proposal_open_for_comments" not in be_actions
    assert "status:closure_proposal_awaiting_broadcast" not in be_actions


def test_x_012_a_coordinator_that_launched_an_alert_sees_its_pd(world):
    both = world.actor("FR-C", "handler", "forwarder")
    alert = Alert.launch(
        alert_id="c",
        actor=both,
        checklist={c: True for c in world.criteria},
        criteria=world.criteria,
        now=world.at(),
        changes=ContentChanges(
            provider=world.provider, recipient_ms=("DE",), description=world.description
        ),
    )
    assert project(alert, world.viewer("FR-C")).personal_data is not None
