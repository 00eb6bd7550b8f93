"""Every row of the alert state machine (ALR-049..076), from its own `From` status, refused
for the wrong role, the wrong authority or the wrong member state. The error names the rule.
(Wrong statuses are covered row by row in test_state_machine.py.)"""

from __future__ import annotations

import pytest

from imi_alerts.domain import (
    AccessStatus,
    AdditionalInfoType,
    AlertStatus,
    ContentChanges,
    DomainError,
    OutsidePeriod,
)
from imi_alerts.domain.alert import Alert

S = AlertStatus
INFO, OBJECTION = AdditionalInfoType.INFORMATION, AdditionalInfoType.OBJECTION_TO_CLOSURE


def who(world, spec):
    if spec == "EU":
        return world.actor("EU")
    authority, *rights = spec.split(":")
    over = {}
    if "suspended" in rights:
        rights.remove("suspended")
        over["workflow_access"] = AccessStatus.SUSPENDED
    return world.actor(authority, *rights, **over)


def refused(world, alert, act, spec, rule):
    with world.refused(rule, DomainError):
        act(alert, who(world, spec))


@pytest.mark.parametrize(
    "spec, rule",
    [
        ("FR-A:viewer", "ALR-049"),
        ("FR-C:forwarder", "ALR-049"),
        ("FR-A:handler:suspended", "ALR-013"),
        ("EU", "X-003"),
    ],
)
def test_alr_049_launch_refused_for(world, spec, rule):
    with world.refused(rule, DomainError):
        Alert.launch(
            alert_id="x",
            actor=who(world, spec),
            criteria=world.criteria,
            checklist={c: True for c in world.criteria},
            now=world.t0,
        )


@pytest.mark.parametrize("spec", ["FR-A:viewer", "FR-A2:handler", "FR-C:forwarder", "DE-A:handler"])
def test_alr_050_draft_edit_and_delete_refused_for(world, spec):
    alert = world.alert(S.DRAFT)
    refused(
        world,
        alert,
        lambda a, u: a.edit(u, ContentChanges(service_activity_code="X"), world.later()),
        spec,
        "ALR-050",
    )
    refused(world, alert, lambda a, u: a.delete(u, world.later()), spec, "ALR-050")


@pytest.mark.parametrize(
    "spec, rule",
    [
        ("FR-A:viewer", "ALR-051"),
        ("FR-A2:handler", "ALR-051"),
        ("FR-C:forwarder", "ALR-051"),
        ("DE-A:handler", "ALR-051"),
        ("FR-A:handler:suspended", "ALR-013"),
    ],
)
def test_alr_051_submit_refused_for(world, spec, rule):
    refused(world, world.alert(S.DRAFT), lambda a, u: a.submit(u, world.later()), spec, rule)


@pytest.mark.parametrize(
    "spec", ["FR-CFA:forwarder", "FR-C:handler", "FR-A:handler", "DE-INBOX:forwarder"]
)
def test_alr_052_forward_to_coordinator_refused_for(world, spec):
    refused(
        world,
        world.alert(S.SUBMITTED_FOR_BROADCAST),
        lambda a, u: a.forward_to_coordinator(u, world.coord("FR-INBOX"), "why", world.later()),
        spec,
        "ALR-017",
    )


@pytest.mark.parametrize(
    "spec", ["FR-CFA:forwarder", "FR-C:handler", "FR-A:handler", "DE-C:forwarder"]
)
def test_alr_053_accept_refused_for(world, spec):
    refused(
        world,
        world.alert(S.SUBMITTED_FOR_BROADCAST),
        lambda a, u: a.accept_for_broadcast(u, world.later()),
        spec,
        "ALR-053",
    )


@pytest.mark.parametrize(
    "fa, spec",
    [
        (False, "FR-C:forwarder"),
        (False, "FR-A2:handler"),
        (False, "DE-A:handler"),
        (True, "FR-A:handler"),
        (True, "FR-CFA:handler"),
    ],
)
@pytest.mark.parametrize("status", [S.SUBMITTED_FOR_BROADCAST, S.AWAITING_BROADCAST])
def test_alr_054_unbroadcast_edit_refused_for(world, status, fa, spec):
    refused(
        world,
        world.alert(status, fa=fa),
        lambda a, u: a.edit(u, ContentChanges(service_activity_code="X"), world.later()),
        spec,
        "ALR-054",
    )


@pytest.mark.parametrize(
    "fa, spec",
    [
        (False, "FR-C:forwarder"),
        (False, "FR-A2:handler"),
        (True, "FR-A:handler"),
        (True, "FR-C:forwarder"),
    ],
)
@pytest.mark.parametrize("status", [S.SUBMITTED_FOR_BROADCAST, S.AWAITING_BROADCAST])
def test_alr_055_unbroadcast_delete_refused_for(world, status, fa, spec):
    refused(
        world, world.alert(status, fa=fa), lambda a, u: a.delete(u, world.later()), spec, "ALR-055"
    )


@pytest.mark.parametrize("spec", ["FR-A:handler", "FR-INBOX:forwarder", "FR-C:handler"])
def test_alr_056_add_recipient_state_before_broadcast_refused_for(world, spec):
    refused(
        world,
        world.alert(S.AWAITING_BROADCAST),
        lambda a, u: a.add_recipient_ms(u, "IT", world.later()),
        spec,
        "ALR-020",
    )


@pytest.mark.parametrize(
    "spec", ["FR-C:handler", "FR-CFA:forwarder", "FR-A:handler", "DE-INBOX:forwarder"]
)
def test_alr_057_broadcast_refused_for(world, spec):
    refused(
        world,
        world.alert(S.AWAITING_BROADCAST),
        lambda a, u: a.broadcast(u, world.inboxes, world.later()),
        spec,
        "ALR-057",
    )


@pytest.mark.parametrize(
    "spec, rule",
    [
        ("DE-C:forwarder", "ALR-022"),
        ("DE-INBOX:handler", "ALR-022"),
        ("IT-INBOX:forwarder", "ALR-022"),
        ("FR-INBOX:forwarder", "ALR-022"),
        ("EU", "X-003"),
    ],
)
def test_alr_058_acknowledge_refused_for(world, spec, rule):
    refused(
        world, world.alert(S.BROADCAST), lambda a, u: a.acknowledge(u, world.later()), spec, rule
    )


@pytest.mark.parametrize(
    "spec, rule",
    [
        ("DE-INBOX:handler", "ALR-059"),
        ("DE-A:handler", "ALR-059"),
        ("DE-CFA:forwarder", "ALR-024"),
        ("IT-INBOX:forwarder", "ALR-023"),
    ],
)
def test_alr_059_forward_within_the_state_refused_for(world, spec, rule):
    alert = world.alert(S.BROADCAST)
    world.receive(alert, "DE", ["DE-A"])
    refused(
        world,
        alert,
        lambda a, u: a.forward_within_ms(u, [world.rauth("DE-A2")], world.later()),
        spec,
        rule,
    )


@pytest.mark.parametrize(
    "spec", ["DE-C:forwarder", "DE-INBOX:handler", "FR-INBOX:forwarder", "DE-A:handler"]
)
def test_alr_060_remove_recipient_refused_for(world, spec):
    alert = world.alert(S.BROADCAST)
    world.receive(alert, "DE", ["DE-C", "DE-A", "DE-A2"])
    refused(
        world, alert, lambda a, u: a.remove_recipient(u, "DE-A2", world.later()), spec, "ALR-026"
    )


@pytest.mark.parametrize(
    "spec, add_rule, mse_rule",
    [
        ("FR-INBOX:forwarder", "ALR-061", "ALR-033"),
        ("FR-A:handler", "ALR-061", "ALR-033"),
        ("FR-C:handler", "ALR-061", "ALR-033"),
        ("DE-INBOX:forwarder", "ALR-032", "ALR-032"),
    ],
)
def test_alr_061_add_state_and_change_mse_refused_for(world, spec, add_rule, mse_rule):
    alert = world.alert(S.BROADCAST)
    refused(
        world,
        alert,
        lambda a, u: a.add_recipient_ms(u, "IT", world.later(), ["IT-INBOX"]),
        spec,
        add_rule,
    )
    refused(
        world, alert, lambda a, u: a.change_establishment(u, "BE", world.later()), spec, mse_rule
    )


@pytest.mark.parametrize(
    "fa, spec, rule",
    [
        (False, "FR-C:forwarder", "ALR-034"),
        (False, "FR-A2:handler", "ALR-034"),
        (True, "FR-A:handler", "ALR-034"),
        (False, "DE-INBOX:handler", "ALR-032"),
    ],
)
def test_alr_062_correction_refused_for(world, fa, spec, rule):
    refused(
        world,
        world.alert(S.BROADCAST, fa=fa),
        lambda a, u: a.edit(u, ContentChanges(description=world.text()), world.later()),
        spec,
        rule,
    )


@pytest.mark.parametrize(
    "spec, rule",
    [
        ("DE-A2:handler", "ALR-063"),
        ("FR-A:viewer", "ALR-029"),
        ("BE-INBOX:handler", "ALR-063"),
        ("EU", "X-003"),
    ],
)
def test_alr_063_submit_information_refused_for(world, spec, rule):
    alert = world.alert(S.BROADCAST)
    world.receive(alert, "DE", ["DE-A"])
    coordinator = {"DE": "DE-C", "BE": "BE-INBOX", "FR": "FR-C", "EU": "FR-C"}[spec[:2]]
    refused(
        world,
        alert,
        lambda a, u: a.submit_information(
            u, INFO, world.text(), world.coord(coordinator), world.later()
        ),
        spec,
        rule,
    )


@pytest.mark.parametrize(
    "spec", ["FR-CFA:forwarder", "FR-C:handler", "DE-INBOX:forwarder", "FR-A:handler"]
)
def test_alr_064_broadcast_information_refused_for(world, spec):
    alert = world.alert(S.BROADCAST)
    (e,) = alert.submit_information(
        world.handler("FR-A"), INFO, world.text(), world.coord("FR-C"), world.later()
    )
    refused(
        world,
        alert,
        lambda a, u: a.broadcast_information(u, e.item_id, world.later()),
        spec,
        "ALR-064",
    )


@pytest.mark.parametrize(
    "spec", ["BE-A:handler", "DE-A:viewer", "DE-A3:handler", "DE-C:forwarder", "FR-A:handler"]
)
def test_alr_065_propose_closure_refused_for(world, spec):
    alert = world.alert(S.BROADCAST)
    world.receive(alert, "DE", ["DE-A", "DE-C"])
    world.receive(alert, "BE", ["BE-A"])
    coordinator = {"DE": "DE-C", "BE": "BE-INBOX", "FR": "FR-C"}[spec[:2]]
    refused(
        world,
        alert,
        lambda a, u: a.propose_closure(
            u, world.coord(coordinator), world.text(), world.periods, world.later()
        ),
        spec,
        "ALR-040",
    )


@pytest.mark.parametrize(
    "spec", ["BE-INBOX:handler", "DE-A3:handler", "DE-A:viewer", "FR-A:handler"]
)
def test_alr_066_comment_refused_for(world, spec):
    alert = world.alert(S.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS)
    world.receive(alert, "BE", [])
    refused(
        world,
        alert,
        lambda a, u: a.comment_on_closure(u, world.text(), world.later()),
        spec,
        "ALR-042",
    )


@pytest.mark.parametrize(
    "spec", ["DE-C:forwarder", "DE-A2:handler", "BE-INBOX:handler", "DE-A:viewer"]
)
@pytest.mark.parametrize(
    "status", [S.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS, S.CLOSURE_PROPOSAL_AWAITING_BROADCAST]
)
def test_alr_067_edit_or_cancel_proposal_refused_for(world, status, spec):
    alert = world.alert(status)
    refused(
        world,
        alert,
        lambda a, u: a.edit_closure_proposal(u, world.text(), world.later()),
        spec,
        "ALR-043",
    )
    refused(world, alert, lambda a, u: a.cancel_closure_proposal(u, world.later()), spec, "ALR-045")


def test_alr_068_nothing_happens_before_the_comment_period_ends(world):
    alert = world.alert(S.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS)
    assert alert.expire_periods(world.at(days=5, hours=23, minutes=59)) == []
    assert alert.status is S.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS


@pytest.mark.parametrize(
    "spec", ["DE-CFA:forwarder", "DE-C:handler", "DE-A:handler", "BE-INBOX:forwarder"]
)
def test_alr_069_broadcast_proposal_refused_for(world, spec):
    refused(
        world,
        world.alert(S.CLOSURE_PROPOSAL_AWAITING_BROADCAST),
        lambda a, u: a.broadcast_closure_proposal(u, world.periods, world.later()),
        spec,
        "ALR-069",
    )


@pytest.mark.parametrize(
    "spec, rule",
    [
        ("DE-A:handler", "ALR-031"),
        ("BE-A:viewer", "ALR-029"),
        ("BE-C:handler", "ALR-063"),
    ],
)
def test_alr_070_submit_objection_refused_for(world, spec, rule):
    alert = world.alert(S.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS)
    world.receive(alert, "BE", ["BE-A"])
    coordinator = "DE-C" if spec.startswith("DE") else "BE-INBOX"
    refused(
        world,
        alert,
        lambda a, u: a.submit_information(
            u, OBJECTION, world.text(), world.coord(coordinator), world.at(days=7)
        ),
        spec,
        rule,
    )


def test_alr_070_objection_refused_outside_the_period(world):
    alert = world.alert(S.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS)
    world.receive(alert, "BE", ["BE-A"])
    with world.refused("ALR-031", OutsidePeriod):
        alert.submit_information(
            world.handler("BE-A"),
            OBJECTION,
            world.text(),
            world.coord("BE-INBOX"),
            world.at(days=20),
        )


@pytest.mark.parametrize("spec", ["BE-C:forwarder", "BE-INBOX:handler", "DE-C:forwarder"])
def test_alr_071_broadcast_objection_refused_for(world, spec):
    alert = world.alert(S.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS)
    world.receive(alert, "BE", ["BE-A"])
    (e,) = alert.submit_information(
        world.handler("BE-A"), OBJECTION, world.text(), world.coord("BE-INBOX"), world.at(days=7)
    )
    refused(
        world,
        alert,
        lambda a, u: a.broadcast_information(u, e.item_id, world.later()),
        spec,
        "ALR-071",
    )


def test_alr_072_nothing_happens_before_the_objection_period_ends(world):
    alert = world.alert(S.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS)
    assert alert.expire_periods(world.at(days=16)) == []
    assert not alert.closure.objection_period_ended


@pytest.mark.parametrize(
    "spec", ["DE-CFA:forwarder", "DE-C:handler", "FR-C:forwarder", "DE-INBOX:forwarder"]
)
def test_alr_073_close_refused_for(world, spec):
    refused(
        world,
        world.alert(S.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS),
        lambda a, u: a.close(u, world.at(days=17)),
        spec,
        "ALR-047",
    )


def test_alr_073_close_refused_before_the_objection_period_ends(world):
    alert = world.alert(S.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS)
    with world.refused("ALR-047", OutsidePeriod):
        alert.close(world.forwarder("DE-C"), world.at(days=10))


@pytest.mark.parametrize(
    "spec", ["DE-A:handler", "DE-CFA:forwarder", "BE-INBOX:forwarder", "FR-C:forwarder"]
)
def test_alr_074_cancel_broadcast_proposal_refused_for(world, spec):
    refused(
        world,
        world.alert(S.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS),
        lambda a, u: a.cancel_closure_proposal(u, world.later()),
        spec,
        "ALR-074",
    )


@pytest.mark.parametrize(
    "spec", ["FR-A2:handler", "FR-C:forwarder", "FR-INBOX:handler", "DE-A:handler", "FR-A:viewer"]
)
def test_alr_075_submit_withdrawal_refused_for(world, spec):
    alert = world.alert(S.BROADCAST)
    world.receive(alert, "DE", ["DE-A"])
    refused(
        world, alert, lambda a, u: a.submit_withdrawal(u, "wrong", world.later()), spec, "ALR-037"
    )


@pytest.mark.parametrize(
    "spec", ["FR-CFA:forwarder", "FR-C:handler", "FR-A:handler", "DE-INBOX:forwarder"]
)
def test_alr_076_broadcast_withdrawal_refused_for(world, spec):
    refused(
        world,
        world.alert(S.WITHDRAWAL_AWAITING_BROADCAST),
        lambda a, u: a.broadcast_withdrawal(u, world.later()),
        spec,
        "ALR-037",
    )
