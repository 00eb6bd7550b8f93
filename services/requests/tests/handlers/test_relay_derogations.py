"""§4.14 across deployments (X-001) on fakes: the derogation part of a request FR holds travels
sealed with `request.replicated`, so Germany's deployment shows the checklist, the texts, the
MSE's measures (stated on the replica, relayed, applied at the owner), a notification's
step-1 reference and delivery date, and the Commission's contrary decision (taken on the
replica, relayed, recorded by the owner); the reference number is the same on both sides."""

from __future__ import annotations

from datetime import UTC, date, datetime

from imi_requests.adapters.relay_messages import CommandRelayed, RequestReplicated
from imi_requests.domain import derogations as d
from imi_requests.handlers import commands as c
from imi_requests.handlers import commission, derogations, drafting, incoming
from imi_requests.handlers.relay_apply import relay_handlers

from .test_derogations import COMMISSION, RECEIVER, SENDER, TEXT, content, part


class Bus:
    """Hands each deployment's undelivered relay messages to the other's consumer, once."""

    def __init__(self) -> None:
        self.done: set[str] = set()

    async def deliver(self, source, target, kind) -> int:
        handler = relay_handlers(target)[kind.event_type]
        envelopes = [
            e for e in source.uow.published(kind.event_type) if e.event_id not in self.done
        ]
        for envelope in envelopes:
            self.done.add(envelope.event_id)
            event = kind.model_validate(envelope.payload)
            await target.uow.run(lambda tx, ev=event, env=envelope: handler(ev, env, tx))
        return len(envelopes)


async def send_derogation(fr, request_id: str, set_code: str, **changes):
    command = c.CreateRequest(content(set_code))
    await drafting.create_request(fr, command, SENDER, new_id=lambda: request_id)
    await derogations.edit_derogation(fr, request_id, SENDER, part(request_id, set_code, **changes))
    return (await drafting.send_request(fr, c.SendRequest(request_id), SENDER)).aggregate


async def test_x_001_req_101_req_102_the_derogation_part_reaches_the_mse_deployment(deployment):
    fr, de, bus = deployment("FR"), deployment("DE"), Bus()
    fr.clock.now = de.clock.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    step1 = await send_derogation(fr, "r-step1", d.DEROGATION_REQUEST)
    assert await bus.deliver(fr, de, RequestReplicated) == 1  # once sent (a draft stays)
    summary, found = await derogations.read_derogation(de, "r-step1", RECEIVER)
    assert summary["status"] == "awaiting_acceptance"
    assert found.confirmed == frozenset(d.REQUEST_CHECKLIST) and found.case_description == TEXT
    assert de.uow.collections["requests"]["r-step1"]["ref_no"] == step1.ref_no  # the same
    await incoming.accept_request(de, c.AcceptRequest("r-step1"), RECEIVER)
    await bus.deliver(de, fr, CommandRelayed)
    await bus.deliver(fr, de, RequestReplicated)
    measures = derogations.StateMeasures("r-step1", d.Measures.PLANNED, TEXT)
    await derogations.state_measures(de, measures, RECEIVER)  # on the replica: relayed
    assert de.uow.collections["derogations"]["r-step1"]["measures"] is None  # not yet
    assert await bus.deliver(de, fr, CommandRelayed) == 1
    assert fr.uow.collections["derogations"]["r-step1"]["measures"] == "planned"
    await bus.deliver(fr, de, RequestReplicated)
    _, stated = await derogations.read_derogation(de, "r-step1", RECEIVER)
    assert stated.measures is d.Measures.PLANNED and stated.measures_justification == TEXT
    relayed = [e.to_bytes() for e in fr.uow.published("request.replicated")]
    assert relayed and all(TEXT.text.encode() not in raw for raw in relayed)  # sealed


async def test_x_001_req_103_req_122_a_notification_shows_its_reference_and_delivery(deployment):
    fr, de, bus = deployment("FR"), deployment("DE"), Bus()
    fr.clock.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    step1 = await send_derogation(fr, "r-step1", d.DEROGATION_REQUEST)
    notification = await send_derogation(
        fr, "r-notif", d.NOTIFICATION, linked_request_ref=step1.ref_no
    )
    await bus.deliver(fr, de, RequestReplicated)
    _, found = await derogations.read_derogation(de, "r-notif", RECEIVER)
    assert (found.procedure, found.linked_request_ref) == (d.Procedure.NORMAL, step1.ref_no)
    assert found.inadequacy == TEXT and notification.ref_no != step1.ref_no
    assert found.delivered_at == fr.clock.now  # REQ-122: sent, so delivered, already relayed
    assert found.measures_from == date(2025, 3, 16)  # REQ-104 / REQ-117 on the MSE's side
    decide = commission.RecordDecision("r-notif", TEXT)
    held = await commission.record_decision(de, decide, COMMISSION)  # on DE's replica
    assert held.version is None and de.uow.published("request.command_relayed")
    assert await bus.deliver(de, fr, CommandRelayed) == 1
    assert fr.uow.published("request.command_refused") == []  # recorded by the owner
    await bus.deliver(fr, de, RequestReplicated)
    _, decided = await derogations.read_derogation(de, "r-notif", RECEIVER)
    assert decided.decision.text == TEXT and decided.measures_from is None  # REQ-104
