"""Enumerations, value objects, errors, and the roles and rights of §5.2 (ALR-002..013)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from imi_alerts.domain import (
    AccessStatus,
    Actor,
    AdditionalInfoType,
    AlertRight,
    AlertStatus,
    AuthorityAlertRole,
    AuthorityStatus,
    ClosurePeriods,
    ContentChanges,
    DomainError,
    Forbidden,
    FreeText,
    InvalidInput,
    ProviderField,
    RecipientMsStatus,
    SubItemStatus,
    may_edit_unbroadcast,
)
from imi_alerts.domain.alert import Alert
from imi_alerts.domain.content import check_checklist


def test_alr_002_alert_status_codes():
    assert [s.value for s in AlertStatus] == [
        "draft",
        "submitted_for_broadcast",
        "awaiting_broadcast",
        "broadcast",
        "closure_proposal_open_for_comments",
        "closure_proposal_awaiting_broadcast",
        "closure_proposal_open_for_objections",
        "withdrawal_awaiting_broadcast",
        "withdrawn",
        "closed",
        "deleted",
    ]


def test_alr_003_recipient_ms_status_codes():
    assert [s.value for s in RecipientMsStatus] == ["awaiting_acknowledgement", "acknowledged"]


def test_alr_004_additional_info_types():
    assert [t.value for t in AdditionalInfoType] == [
        "information",
        "clarification_request",
        "closure_suggestion",
        "objection_to_closure",
    ]


def test_alr_005_sub_item_status_codes():
    assert {s.value for s in SubItemStatus} == {"submitted", "broadcast", "cancelled", "deleted"}


def test_domain_error_names_its_rule():
    err = Forbidden("ALR-031", "no")
    assert isinstance(err, DomainError) and err.rule_id == "ALR-031"
    assert str(err) == "ALR-031: no"
    with pytest.raises(ValueError):
        DomainError("whatever", "a refusal must name a spec rule")


def test_x_001_member_state_codes_are_checked(world):
    with pytest.raises(ValidationError):
        world.handler("FR-A", member_state="XX")
    with world.refused("X-001", InvalidInput):
        world.launch(recipients=("DE", "UK"))


def test_dir_003_inbox_flag_requires_coordinator_role():
    with pytest.raises(ValidationError, match="DIR-003"):
        Actor(
            user_id="u",
            authority_id="x",
            member_state="FR",
            authority_roles=frozenset({AuthorityAlertRole.ALERT_INBOX}),
        )


# -- ALR-008..010 authority roles -------------------------------------------------------------


def test_alr_008_alert_authority_launches_and_submits_to_linked_coordinator(world):
    alert = world.alert(AlertStatus.SUBMITTED_FOR_BROADCAST)
    assert alert.launching_authority_id == "FR-A"
    assert alert.selected_coordinator.authority_id == "FR-C"


def test_alr_008_authority_without_alert_role_cannot_launch(world):
    nobody = world.handler("FR-A", authority_roles=frozenset())
    with world.refused("ALR-008", Forbidden):
        Alert.launch(
            alert_id="x",
            actor=nobody,
            checklist={c: True for c in world.criteria},
            criteria=world.criteria,
            now=world.t0,
        )


def test_alr_009_coordinator_launches_and_broadcasts_its_own_alert(world):
    both = world.actor("FR-C", "handler", "forwarder")
    alert = Alert.launch(
        alert_id="c-1",
        actor=both,
        checklist={c: True for c in world.criteria},
        criteria=world.criteria,
        now=world.at(),
        changes=ContentChanges(
            provider=world.provider, description=world.description, recipient_ms=("DE",)
        ),
    )
    alert.select_coordinator(both, world.coord("FR-C"), world.later())
    alert.save_draft(both, world.number_source, world.later())
    alert.submit(both, world.later())
    alert.accept_for_broadcast(both, world.later())
    alert.broadcast(both, world.inboxes, world.later())
    assert alert.status is AlertStatus.BROADCAST


def test_alr_009_coordinator_adds_authorities_and_coordinators_as_recipients(world):
    alert = world.alert(AlertStatus.BROADCAST)
    world.receive(alert, "DE", ["DE-C", "DE-A"])
    assert {"DE-C", "DE-A"} <= set(alert.active_recipient_ids("DE"))


def test_alr_010_several_inboxes_per_state_each_may_acknowledge(world):
    alert = world.alert(AlertStatus.BROADCAST)
    assert alert.deliveries["DE"].inbox_authority_ids == ("DE-INBOX", "DE-INBOX2")
    alert.acknowledge(world.forwarder("DE-INBOX2"), world.later())
    assert alert.deliveries["DE"].status is RecipientMsStatus.ACKNOWLEDGED


def test_alr_010_broadcast_refused_when_a_state_has_no_inbox(world):
    alert = world.alert(AlertStatus.AWAITING_BROADCAST)
    with world.refused("ALR-010", InvalidInput):
        alert.broadcast(
            world.forwarder("FR-C"), {"DE": ["DE-INBOX"], "FR": ["FR-INBOX"]}, world.later()
        )


def test_alr_010_inbox_automatically_receives_alerts_of_its_own_state(world):
    alert = world.alert(AlertStatus.BROADCAST)
    origin = alert.deliveries["FR"]
    assert origin.kind == "origin_copy" and origin.inbox_authority_ids == ("FR-INBOX",)
    assert origin.active_recipient("FR-INBOX") is not None


def test_alr_010_inbox_has_all_powers_of_a_coordinator(world):
    inbox = world.actor("DE-INBOX", "handler", "forwarder")
    assert inbox.is_coordinator and inbox.is_inbox and inbox.is_forwarder and inbox.is_handler


# -- ALR-011 user rights matrix --------------------------------------------------------------


@pytest.mark.parametrize(
    "rights, read, handle, forward",
    [
        (("viewer",), True, False, False),
        (("handler",), True, True, False),
        (("forwarder",), True, False, True),
        (("handler", "forwarder"), True, True, True),
    ],
)
def test_alr_011_rights_of_a_coordinator_user(world, rights, read, handle, forward):
    user = world.actor("FR-C", *rights)
    assert (user.can_read, user.is_handler, user.is_forwarder) == (read, handle, forward)


def test_alr_011_forwarder_right_exists_only_for_coordinator_users(world):
    user = world.actor("FR-A", "forwarder")
    assert not user.is_forwarder and user.can_read


def test_alr_011_viewer_cannot_launch(world):
    with world.refused("ALR-049", Forbidden):
        world.launch(**{"rights": frozenset({AlertRight.ALERT_VIEWER})})


def test_alr_011_forwarder_launches_only_with_the_handler_right_too(world):
    with world.refused("ALR-049", Forbidden):
        Alert.launch(
            alert_id="x",
            actor=world.forwarder("FR-C"),
            checklist={c: True for c in world.criteria},
            criteria=world.criteria,
            now=world.t0,
        )
    Alert.launch(
        alert_id="x",
        actor=world.actor("FR-C", "handler", "forwarder"),
        checklist={c: True for c in world.criteria},
        criteria=world.criteria,
        now=world.t0,
    )


def test_alr_011_viewer_cannot_submit_information(world):
    alert = world.alert(AlertStatus.BROADCAST)
    world.receive(alert, "DE", ["DE-A"])
    with world.refused("ALR-029", Forbidden):
        alert.submit_information(
            world.viewer("DE-A"),
            AdditionalInfoType.INFORMATION,
            world.text(),
            world.coord("DE-C"),
            world.later(),
        )


def test_alr_011_handler_cannot_acknowledge_forward_or_broadcast(world):
    alert = world.alert(AlertStatus.BROADCAST)
    with world.refused("ALR-022", Forbidden):
        alert.acknowledge(world.handler("DE-INBOX"), world.later())
    alert.acknowledge(world.forwarder("DE-INBOX"), world.later())
    with world.refused("ALR-059", Forbidden):
        alert.forward_within_ms(world.handler("DE-INBOX"), [world.rauth("DE-A")], world.later())


# -- ALR-012 / ALR-013 -----------------------------------------------------------------------


def test_alr_012_submit_and_broadcast_are_separate_actions_for_one_user(world):
    both = world.actor("FR-C", "handler", "forwarder")
    alert = Alert.launch(
        alert_id="c-1",
        actor=both,
        checklist={c: True for c in world.criteria},
        criteria=world.criteria,
        now=world.at(),
        changes=ContentChanges(
            provider=world.provider, description=world.description, recipient_ms=("DE",)
        ),
    )
    alert.select_coordinator(both, world.coord("FR-C"), world.later())
    alert.save_draft(both, world.number_source, world.later())
    with world.refused("ALR-057"):
        alert.broadcast(both, world.inboxes, world.later())
    alert.submit(both, world.later())
    with world.refused("ALR-057"):
        alert.broadcast(both, world.inboxes, world.later())
    assert alert.status is AlertStatus.SUBMITTED_FOR_BROADCAST


@pytest.mark.parametrize(
    "access", [AccessStatus.SUSPENDED, AccessStatus.SUSPENDED_REACTIVATION_REQUESTED]
)
def test_alr_013_suspended_workflow_cannot_launch(world, access):
    with world.refused("ALR-013", Forbidden):
        world.launch(workflow_access=access)


def test_alr_013_suspended_authority_cannot_launch(world):
    with world.refused("ALR-013", Forbidden):
        world.launch(authority_status=AuthorityStatus.SUSPENDED)


def test_alr_013_suspended_authority_continues_ongoing_alerts(world):
    alert = world.alert(AlertStatus.BROADCAST)
    world.receive(alert, "DE", ["DE-A"])
    suspended = world.handler(
        "DE-A", workflow_access=AccessStatus.SUSPENDED, authority_status=AuthorityStatus.SUSPENDED
    )
    (event,) = alert.submit_information(
        suspended, AdditionalInfoType.INFORMATION, world.text(), world.coord("DE-C"), world.later()
    )
    item = alert.items[-1]
    assert item.author_authority_id == "DE-A" and item.status.value == "submitted"
    assert event.new_status == "submitted"


def test_alr_013_suspended_authority_cannot_submit_a_new_alert(world):
    alert = world.alert(AlertStatus.DRAFT)
    with world.refused("ALR-013", Forbidden):
        alert.submit(world.handler("FR-A", workflow_access=AccessStatus.SUSPENDED), world.later())


@pytest.mark.parametrize(
    "access",
    [AccessStatus.REQUESTED, AccessStatus.REMOVED, AccessStatus.REMOVED_REACTIVATION_REQUESTED],
)
def test_alr_013_without_usable_access_nothing_is_possible(world, access):
    alert = world.alert(AlertStatus.BROADCAST)
    with world.refused("ALR-013", Forbidden):
        alert.acknowledge(world.forwarder("DE-INBOX", workflow_access=access), world.later())


def test_alr_013_inactive_authority_cannot_act(world):
    alert = world.alert(AlertStatus.BROADCAST)
    with world.refused("ALR-013", Forbidden):
        alert.acknowledge(
            world.forwarder("DE-INBOX", authority_status=AuthorityStatus.INACTIVE), world.later()
        )


def test_alr_013_suspended_authority_cannot_receive_new_alerts(world):
    alert = world.alert(AlertStatus.BROADCAST)
    world.receive(alert, "DE", [])
    with world.refused("ALR-013", InvalidInput):
        alert.forward_within_ms(
            world.forwarder("DE-INBOX"),
            [world.rauth("DE-A", workflow_access=AccessStatus.SUSPENDED)],
            world.later(),
        )


def test_x_003_commission_only_receives(world):
    alert = world.alert(AlertStatus.BROADCAST)
    with world.refused("X-003", Forbidden):
        alert.acknowledge(world.actor("EU"), world.later())


# -- final approval (ALR-019, DIR-037) ------------------------------------------------------


@pytest.mark.parametrize(
    "fa, who, allowed",
    [
        (True, ("FR-CFA", "forwarder"), True),
        (True, ("FR-A", "handler"), False),
        (True, ("FR-C", "forwarder"), False),
        (False, ("FR-C", "forwarder"), False),
        (False, ("FR-A", "handler"), True),
        (False, ("FR-A2", "handler"), False),
    ],
)
def test_alr_019_final_approval_decides_who_edits_before_broadcast(world, fa, who, allowed):
    coordinator = world.coord("FR-CFA" if fa else "FR-C")
    assert may_edit_unbroadcast(world.actor(*who), coordinator, "FR-A") is allowed


# -- content values (ALR-014, X-009, X-015, X-023, X-048) -----------------------------------


def test_alr_014_checklist_every_criterion_must_be_met():
    assert check_checklist({"a": True, "b": True}, ["a", "b"]) == {"a": True, "b": True}
    for answers in ({"a": True, "b": False}, {"a": True}):
        with pytest.raises(InvalidInput) as info:
            check_checklist(answers, ["a", "b"])
        assert info.value.rule_id == "ALR-014"
    with pytest.raises(InvalidInput):
        check_checklist({}, [])


def test_x_009_provider_fields_carry_a_pd_flag_and_attachments_are_pd(world):
    alert = world.alert(AlertStatus.DRAFT)
    pd = alert.content.personal_data()
    assert [f["code"] for f in pd["provider"]] == ["name"]
    assert [a["attachment_id"] for a in pd["attachments"]] == ["att-1"]
    assert [f.code for f in alert.content.non_personal_provider()] == ["legal_form"]
    assert ProviderField(code="x", value="y").personal_data is True  # safe default


def test_x_015_confidential_marking_is_kept_for_every_reader(world):
    from imi_alerts.domain import project

    alert = world.alert(AlertStatus.AWAITING_BROADCAST)
    alert.edit(
        world.handler("FR-A"),
        ContentChanges(
            description=FreeText(
                text="Confidential: ongoing police inquiry", lang="fr", confidential=True
            )
        ),
        world.later(),
    )
    alert.broadcast(world.forwarder("FR-C"), world.inboxes, world.later())
    assert project(alert, world.actor("EU")).description.confidential is True
    assert project(alert, world.forwarder("DE-INBOX")).description.confidential is True


def test_x_023_free_text_records_its_language():
    with pytest.raises(ValidationError):
        FreeText(text="hello", lang="english")


def test_x_048_closure_periods_are_positive_parameters():
    ClosurePeriods(comment=timedelta(days=1), objection=timedelta(hours=1))
    with pytest.raises(ValidationError):
        ClosurePeriods(comment=timedelta(0), objection=timedelta(days=1))
