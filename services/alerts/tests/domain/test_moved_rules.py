"""Rules that used to sit in handlers or adapters and now live in the domain or the copy model:
ALR-017 (no coordinator choice after submission), X-009 (what is personal data),
ALR-059 / ALR-060 (recipient changes on an inbox copy only while the alert is active)."""

from __future__ import annotations

import pytest

from imi_alerts.copies.model import InboxCopy
from imi_alerts.domain import (
    AdditionalInfoType,
    Alert,
    AlertStatus,
    Conflict,
    InvalidInput,
)
from imi_alerts.domain.personal_data import has_personal_data


def test_alr_017_the_coordinator_is_chosen_only_in_the_draft(world):
    alert = world.alert(AlertStatus.DRAFT)
    alert.require_coordinator_choice_open()
    alert.select_coordinator(world.handler("FR-A"), world.coord("FR-CFA"), world.later())
    assert alert.selected_coordinator.authority_id == "FR-CFA"


@pytest.mark.parametrize(
    "status",
    [AlertStatus.SUBMITTED_FOR_BROADCAST, AlertStatus.AWAITING_BROADCAST, AlertStatus.BROADCAST],
)
def test_alr_017_after_submission_the_alert_is_forwarded_instead(world, status):
    alert = world.alert(status)
    with world.refused("ALR-017", InvalidInput):
        alert.require_coordinator_choice_open()


def _with_item_attachment(world) -> Alert:
    alert = world.alert(AlertStatus.BROADCAST)
    world.receive(alert, "DE", ["DE-A"])
    alert.submit_information(
        world.handler("DE-A"),
        AdditionalInfoType.INFORMATION,
        world.text("More findings"),
        world.coord("DE-C"),
        world.later(),
        attachments=world.attachments,
    )
    return alert


def test_x_009_personal_data_is_pd_provider_fields_and_every_attachment(world):
    alert = _with_item_attachment(world)
    pd = alert.personal_data()
    assert [f["code"] for f in pd["provider"]] == ["name"]
    assert [a["attachment_id"] for a in pd["attachments"]] == ["att-1"]
    assert pd["items"] == {alert.items[0].item_id: [world.attachments[0].model_dump()]}
    assert has_personal_data(pd)


def test_x_009_the_alert_without_personal_data_keeps_the_rest(world):
    alert = _with_item_attachment(world)
    stripped = alert.without_personal_data()
    assert [f.code for f in stripped.content.provider] == ["legal_form"]
    assert stripped.content.attachments == ()
    assert stripped.items[0].attachments == ()
    assert stripped.items[0].text == alert.items[0].text
    assert stripped.history == alert.history
    assert not has_personal_data(stripped.personal_data())
    # the original is untouched
    assert alert.items[0].attachments == world.attachments
    assert len(alert.content.provider) == 2


def test_x_052_purge_applies_the_same_personal_data_rule(world):
    alert = _with_item_attachment(world)
    alert.submit_withdrawal(world.handler("FR-A"), "Wrong evidence", world.later())
    alert.broadcast_withdrawal(world.forwarder("FR-C"), world.later())
    alert.purge_personal_data(world.later())
    assert alert.personal_data() == {"provider": [], "attachments": [], "items": {}}
    assert alert.pd_deleted and alert.pd_locked


@pytest.mark.parametrize(("kind", "rule"), [("forward", "ALR-059"), ("remove", "ALR-060")])
@pytest.mark.parametrize("status", ["withdrawn", "closed", None])
def test_alr_059_alr_060_no_recipient_changes_on_an_inactive_copy(world, kind, rule, status):
    copy = InboxCopy(alert_id="a-1", participant="DE", alert_status=status)
    with world.refused(rule, Conflict):
        copy.require_open_for(kind)


@pytest.mark.parametrize("kind", ["forward", "remove", "acknowledge"])
def test_alr_059_alr_060_recipient_changes_while_the_alert_is_active(kind):
    copy = InboxCopy(alert_id="a-1", participant="DE", alert_status="broadcast")
    copy.require_open_for(kind)
    assert copy.local_actions == []


def test_alr_058_acknowledging_is_left_to_the_delivery_rules(world):
    copy = InboxCopy(alert_id="a-1", participant="DE", alert_status="closed")
    copy.require_open_for("acknowledge")  # the delivery's own ALR-022 / ALR-058 rules decide
    assert copy.status == "closed"
