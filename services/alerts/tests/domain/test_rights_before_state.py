"""X-010 / issue 9 item 11: rights first. For every command on an alert, an actor lacking the
right is refused for the right (403 naming its rule) even when the alert's status (or the
item's, or the input) would refuse the command too: a status is never disclosed to someone
who may not act. One row per command: the alert in a status where the command is invalid, an
actor of the right authority and state without the right, the rule of the right."""

from __future__ import annotations

import pytest

from imi_alerts.domain import Actor, AdditionalInfoType, AlertStatus, ContentChanges, Forbidden

S = AlertStatus
INFO = AdditionalInfoType.INFORMATION


def _item_then_withdrawn(world):
    """An information item of DE-A submitted to DE-C, then the alert withdrawn (inactive)."""
    alert = world.alert(S.BROADCAST)
    world.receive(alert, "DE", ["DE-A"])
    alert.submit_information(
        world.handler("DE-A"), INFO, world.text("Found"), world.coord("DE-C"), world.later()
    )
    alert.submit_withdrawal(world.handler("FR-A"), "Wrong", world.later())
    alert.broadcast_withdrawal(world.forwarder("FR-C"), world.later())
    return alert


def _acknowledged(world):
    alert = world.alert(S.BROADCAST)
    world.receive(alert, "DE", [])
    return alert


def _item(alert) -> str:
    return alert.items[-1].item_id


#: command, how to get the alert (a status, or a builder), actor, act, the rule of the right
ROWS = [
    ("save_draft", S.SUBMITTED_FOR_BROADCAST, "FR-A:viewer",
     lambda a, u, w: a.save_draft(u, w.number_source, w.later()), "ALR-050"),
    ("select_coordinator", S.SUBMITTED_FOR_BROADCAST, "FR-A:viewer",
     lambda a, u, w: a.select_coordinator(u, w.coord("FR-C"), w.later()), "ALR-050"),
    ("edit", S.CLOSED, "FR-A:viewer",
     lambda a, u, w: a.edit(u, ContentChanges(description=w.text("x")), w.later()), "ALR-034"),
    ("delete", S.BROADCAST, "FR-A:viewer", lambda a, u, w: a.delete(u, w.later()), "ALR-055"),
    ("submit", S.SUBMITTED_FOR_BROADCAST, "FR-A:viewer",
     lambda a, u, w: a.submit(u, w.later()), "ALR-051"),
    ("forward_to_coordinator", S.BROADCAST, "FR-C:handler",
     lambda a, u, w: a.forward_to_coordinator(u, w.coord("FR-INBOX"), "why", w.later()),
     "ALR-017"),
    ("accept_for_broadcast", S.BROADCAST, "FR-C:handler",
     lambda a, u, w: a.accept_for_broadcast(u, w.later()), "ALR-053"),
    ("broadcast", S.BROADCAST, "FR-C:handler",
     lambda a, u, w: a.broadcast(u, w.inboxes, w.later()), "ALR-057"),
    ("change_establishment", S.CLOSED, "FR-C:handler",
     lambda a, u, w: a.change_establishment(u, "BE", w.later()), "ALR-033"),
    ("add_recipient_ms", S.SUBMITTED_FOR_BROADCAST, "FR-C:handler",
     lambda a, u, w: a.add_recipient_ms(u, "IT", w.later()), "ALR-020"),
    ("acknowledge", S.AWAITING_BROADCAST, "DE-INBOX:handler",
     lambda a, u, w: a.acknowledge(u, w.later()), "ALR-022"),
    ("acknowledge (again)", _acknowledged, "DE-INBOX:handler",
     lambda a, u, w: a.acknowledge(u, w.later()), "ALR-022"),
    ("forward_within_ms", S.WITHDRAWN, "DE-INBOX:handler",
     lambda a, u, w: a.forward_within_ms(u, [w.rauth("DE-A")], w.later()), "ALR-059"),
    ("remove_recipient", S.WITHDRAWN, "DE-INBOX:handler",
     lambda a, u, w: a.remove_recipient(u, "DE-A", w.later()), "ALR-026"),
    ("submit_information", S.CLOSED, "DE-A:viewer",
     lambda a, u, w: a.submit_information(u, INFO, w.text(), w.coord("DE-C"), w.later()),
     "ALR-029"),
    ("edit_information", _item_then_withdrawn, "DE-A:viewer",
     lambda a, u, w: a.edit_information(u, _item(a), w.later(), text=w.text("y")), "ALR-029"),
    ("delete_information", _item_then_withdrawn, "DE-A:viewer",
     lambda a, u, w: a.delete_information(u, _item(a), w.later()), "ALR-029"),
    ("broadcast_information", _item_then_withdrawn, "DE-C:handler",
     lambda a, u, w: a.broadcast_information(u, _item(a), w.later()), "ALR-064"),
    ("propose_closure", S.WITHDRAWN, "DE-A:viewer",
     lambda a, u, w: a.propose_closure(u, w.coord("DE-C"), w.text(), w.periods, w.later()),
     "ALR-040"),
    ("comment_on_closure", S.BROADCAST, "DE-A:viewer",
     lambda a, u, w: a.comment_on_closure(u, w.text(), w.later()), "ALR-042"),
    ("edit_closure_proposal", S.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS, "DE-A:viewer",
     lambda a, u, w: a.edit_closure_proposal(u, w.text(), w.later()), "ALR-043"),
    ("cancel_closure_proposal", S.BROADCAST, "DE-A:viewer",
     lambda a, u, w: a.cancel_closure_proposal(u, w.later()), "ALR-045"),
    ("broadcast_closure_proposal", S.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS, "DE-C:handler",
     lambda a, u, w: a.broadcast_closure_proposal(u, w.periods, w.later()), "ALR-069"),
    ("close", S.CLOSURE_PROPOSAL_AWAITING_BROADCAST, "DE-C:handler",
     lambda a, u, w: a.close(u, w.later()), "ALR-047"),
    ("submit_withdrawal", S.DRAFT, "FR-A:viewer",
     lambda a, u, w: a.submit_withdrawal(u, "why", w.later()), "ALR-037"),
    ("broadcast_withdrawal", S.BROADCAST, "FR-C:handler",
     lambda a, u, w: a.broadcast_withdrawal(u, w.later()), "ALR-037"),
    ("cancel_withdrawal", S.BROADCAST, "FR-A:viewer",
     lambda a, u, w: a.cancel_withdrawal(u, w.later()), "ALR-005"),
]  # fmt: skip


def _alert(world, setup):
    return setup(world) if callable(setup) else world.alert(setup)


def _who(world, spec: str) -> Actor:
    authority, right = spec.split(":")
    return world.actor(authority, right)


@pytest.mark.parametrize("command, setup, spec, act, rule", ROWS, ids=[r[0] for r in ROWS])
def test_x_010_the_right_is_checked_before_the_status(world, command, setup, spec, act, rule):
    alert = _alert(world, setup)
    with pytest.raises(Exception) as wrong_state:  # the status alone refuses the command...
        act(alert.model_copy(deep=True), _entitled(world, spec, command), world)
    assert not isinstance(wrong_state.value, Forbidden), wrong_state.value
    with world.refused(rule, Forbidden):  # ...but the missing right is what the actor learns
        act(alert, _who(world, spec), world)


#: who holds the right each row's actor lacks (same authority and state)
ENTITLED = {
    "FR-A:viewer": "FR-A:handler",
    "FR-C:handler": "FR-C:forwarder",
    "DE-INBOX:handler": "DE-INBOX:forwarder",
    "DE-A:viewer": "DE-A:handler",
    "DE-C:handler": "DE-C:forwarder",
}


def _entitled(world, spec: str, command: str) -> Actor:
    return _who(world, ENTITLED[spec])


@pytest.mark.parametrize("command, setup, spec, act, rule", ROWS, ids=[r[0] for r in ROWS])
def test_x_010_an_authority_without_an_alert_role_is_refused_for_it(
    world, command, setup, spec, act, rule
):
    """Issue 9: a DE NIMIC (no role in the alerts workflow) gets 403 ALR-013, never the 409
    of the status."""
    alert = _alert(world, setup)
    nimic = Actor(user_id="nimic", authority_id="DE-NIMIC", member_state="DE")
    with world.refused("ALR-013", Forbidden):
        act(alert, nimic, world)
