"""The stored form of an alert (`Alert.model_dump(mode="json")`, kept as `state` by the
repository) must not change when the aggregate's code is restructured (issue 8).

`golden/*.json` were written by the inheritance-chain `Alert` on main before the aggregate was
rebuilt by composition; the same lifecycles must still dump to exactly the same JSON, and the
stored JSON must load back to an equal alert."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imi_alerts.domain import AdditionalInfoType, Alert, AlertStatus

GOLDEN = Path(__file__).parent / "golden"


def _closed_with_everything(world) -> Alert:
    alert = world.alert(AlertStatus.BROADCAST)
    world.receive(alert, "DE", ["DE-A", "DE-C", "DE-A2"], at=dict(hours=2))
    world.receive(alert, "BE", ["BE-A"], at=dict(hours=3))
    alert.remove_recipient(world.forwarder("DE-INBOX"), "DE-A2", world.at(hours=4))
    alert.submit_information(
        world.handler("BE-A"),
        AdditionalInfoType.INFORMATION,
        world.text("More facts"),
        world.coord("BE-INBOX"),
        world.at(hours=5),
        attachments=world.attachments,
    )
    alert.broadcast_information(world.forwarder("BE-INBOX"), "a-1/I1", world.at(hours=6))
    alert.propose_closure(
        world.handler("DE-A"),
        world.coord("DE-C"),
        world.text("The provider stopped"),
        world.periods,
        world.at(days=1),
    )
    alert.comment_on_closure(world.handler("DE-C"), world.text("Agreed"), world.at(days=2))
    alert.expire_periods(world.at(days=6))
    alert.broadcast_closure_proposal(world.forwarder("DE-C"), world.periods, world.at(days=7))
    alert.expire_periods(world.at(days=18))
    alert.close(world.forwarder("DE-C"), world.at(days=18, hours=1))
    alert.lock_personal_data(world.at(days=30))
    return alert


def _withdrawn_after_a_cancelled_withdrawal(world) -> Alert:
    alert = world.alert(AlertStatus.BROADCAST)
    h, fwd = world.handler("FR-A"), world.forwarder("FR-C")
    alert.submit_withdrawal(h, "Too early", world.at(days=1))
    alert.cancel_withdrawal(h, world.at(days=1, hours=1))
    alert.add_recipient_ms(fwd, "IT", world.at(days=2), ["IT-INBOX"])
    alert.submit_withdrawal(h, "The evidence was wrong", world.at(days=3))
    alert.broadcast_withdrawal(fwd, world.at(days=3, hours=1))
    alert.purge_personal_data(world.at(days=40))
    return alert


SCENARIOS = {
    "closed": _closed_with_everything,
    "withdrawn": _withdrawn_after_a_cancelled_withdrawal,
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_issue_8_stored_state_is_unchanged_by_the_composition(world, name):
    stored = SCENARIOS[name](world).model_dump(mode="json")
    golden = json.loads((GOLDEN / f"{name}.json").read_text())
    assert stored == golden


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_issue_8_stored_state_loads_back_to_the_same_alert(world, name):
    golden = json.loads((GOLDEN / f"{name}.json").read_text())
    loaded = Alert.model_validate(golden)
    assert loaded.model_dump(mode="json") == golden
    assert loaded.status in (AlertStatus.CLOSED, AlertStatus.WITHDRAWN)
