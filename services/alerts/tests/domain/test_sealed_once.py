"""Issue 10, X-009 / RET-004: the texts a broadcast's `alert.delivered` events share (the
alert's overview, one event per participant) are sealed ONCE for the publication; each event
still carries them sealed under the case key, and a different text is sealed apart."""

from __future__ import annotations

from imi_alerts.adapters.event_messages import to_wire
from imi_alerts.domain import AlertDelivered, AlertStatus
from imi_shared.sealing import Sealer
from imi_testkit import InMemoryKeyStore


class CountingSealer(Sealer):
    def __init__(self) -> None:
        super().__init__(InMemoryKeyStore())
        self.sealed = 0

    async def seal(self, case_id, value):
        self.sealed += 1
        return await super().seal(case_id, value)


async def test_x_009_a_broadcasts_delivered_events_share_one_sealed_overview(world):
    alert = world.alert(AlertStatus.BROADCAST, recipients=("DE", "BE", "IT"))
    delivered = [e for e in alert.pull_events() if isinstance(e, AlertDelivered)]
    assert len(delivered) >= 4
    sealer, memo = CountingSealer(), {}
    wires = [await to_wire(e, sealer, memo) for e in delivered]
    assert sealer.sealed == 1
    assert len({w.sealed_texts.nonce for w in wires}) == 1
    opened = await sealer.unseal(wires[0].sealed_texts)
    assert opened["overview"] == delivered[0].model_dump(mode="json")["overview"]
    assert "Jean Dupont" not in "".join(w.model_dump_json() for w in wires)
    # without a memo (or with other texts) each event is sealed on its own
    alone = [await to_wire(e, sealer) for e in delivered[:2]]
    assert sealer.sealed == 3
    assert alone[0].sealed_texts.nonce != alone[1].sealed_texts.nonce
