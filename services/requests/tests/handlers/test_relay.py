"""X-001 relay on fakes: France's deployment holds a request to Germany, Germany's holds a
replica fed by `request.replicated` (in order, exactly once); a German handler's command on the
replica is checked there and relayed to the owner, which applies it with the same handler."""

from __future__ import annotations

from imi_requests.adapters.relay_messages import CommandRelayed, RequestReplicated
from imi_requests.domain.actors import Actor
from imi_requests.domain.drafting import DraftContent
from imi_requests.domain.request import Answer, FreeText, Question, SubjectField
from imi_requests.handlers import commands as c
from imi_requests.handlers import drafting, exchange, incoming
from imi_requests.handlers import exchange_commands as x
from imi_requests.handlers.relay_apply import relay_handlers
from imi_shared.errors import Forbidden

LA = {"services": frozenset({"request_handler"})}
SENDER = Actor("u-fr", "fr-ca", "FR", LA)
RECEIVER = Actor("u-de", "de-ca", "DE", LA)
CONTENT = DraftContent(
    "services",
    "de-ca",
    None,
    "SD-GENERAL",
    (Question("SD-GENERAL.Q1"),),
    (),
    (SubjectField("provider_name", "Jean Dupont"),),
)


DONE: set = set()


DONE: set = set()


async def deliver(source, target, kind) -> int:
    """Hand `source`'s undelivered relay messages of `kind` to `target`'s consumer, as the bus
    would (each in a transaction); the number delivered."""
    handlers = relay_handlers(target)
    envelopes = [e for e in source.uow.published(kind.event_type) if e.event_id not in DONE]
    for envelope in envelopes:
        DONE.add(envelope.event_id)
        event = kind.model_validate(envelope.payload)
        handler = handlers[kind.event_type]
        await target.uow.run(lambda tx, ev=event, env=envelope, h=handler: h(ev, env, tx))
    return len(envelopes)


async def test_x_001_a_request_relayed_fr_to_de_and_the_reply_back(deployment):
    fr, de = deployment("FR"), deployment("DE")
    await drafting.create_request(
        fr, c.CreateRequest(CONTENT, send=True), SENDER, new_id=lambda: "r1"
    )
    assert fr.uow.published("request.replicated")[0].member_state == "DE"  # DE's partition
    assert await deliver(fr, de, RequestReplicated) == 1
    replica = de.uow.collections["requests"]["r1"]
    assert (replica["replica_from"], replica["status"]) == ("FR", "awaiting_acceptance")
    predicted = await incoming.accept_request(de, c.AcceptRequest("r1"), RECEIVER)
    assert predicted.aggregate.status == "accepted"
    assert de.uow.collections["requests"]["r1"]["status"] == "awaiting_acceptance"  # not saved
    [relayed] = de.uow.published("request.command_relayed")
    assert relayed.member_state == "FR" and b"Jean" not in relayed.to_bytes()
    await deliver(de, fr, CommandRelayed)
    assert fr.uow.collections["requests"]["r1"]["status"] == "accepted"
    await deliver(fr, de, RequestReplicated)
    answers = (Answer("SD-GENERAL.Q1", text=FreeText("ja", "de")),)
    await exchange.save_answers(de, x.SaveAnswers("r1", answers), RECEIVER)
    await deliver(de, fr, CommandRelayed)
    await deliver(fr, de, RequestReplicated)  # the draft reply, as the owner keeps it
    await exchange.send_reply(de, x.SendReply("r1"), RECEIVER)
    assert await deliver(de, fr, CommandRelayed) == 1
    assert fr.uow.collections["requests"]["r1"]["status"] == "answered"
    await deliver(fr, de, RequestReplicated)
    assert de.uow.collections["requests"]["r1"]["status"] == "answered"
    assert de.uow.collections["requests"]["r1"]["revision"] == 4
    assert all(b"Jean Dupont" not in e.to_bytes() for e in fr.uow.published())


async def test_x_001_an_old_or_repeated_state_is_ignored_and_a_refusal_is_local(deployment):
    fr, de = deployment("FR"), deployment("DE")
    await drafting.create_request(
        fr, c.CreateRequest(CONTENT, send=True), SENDER, new_id=lambda: "r1"
    )
    await deliver(fr, de, RequestReplicated)
    first = fr.uow.published("request.replicated")[0]
    handler = relay_handlers(de)[RequestReplicated.event_type]
    event = RequestReplicated.model_validate(first.payload)
    await de.uow.run(lambda tx: handler(event, first, tx))  # the same state again
    assert de.uow.collections["requests"]["r1"]["version"] == 1
    try:
        await incoming.accept_request(de, c.AcceptRequest("r1"), SENDER)  # not the responder
    except Forbidden as refused:
        assert refused.rule_id == "REQ-007"
    else:
        raise AssertionError("a French handler accepted for Germany")
    assert de.uow.published("request.command_relayed") == []  # refused here, nothing relayed


async def test_x_001_a_relayed_command_the_owner_refuses_comes_back_to_the_replica(deployment):
    from imi_requests.adapters.relay_messages import CommandRefused
    from imi_requests.domain.visibility import view_of
    from imi_requests.entrypoints.http.shaping import view

    fr, de = deployment("FR"), deployment("DE")
    await drafting.create_request(
        fr, c.CreateRequest(CONTENT, send=True), SENDER, new_id=lambda: "r1"
    )
    await deliver(fr, de, RequestReplicated)
    colleague = Actor("u-de-2", "de-ca", "DE", LA)
    await incoming.accept_request(de, c.AcceptRequest("r1"), RECEIVER)
    await incoming.accept_request(de, c.AcceptRequest("r1"), colleague)  # the same stale replica
    assert await deliver(de, fr, CommandRelayed) == 2  # the second: accepted already (REQ-062)
    [refusal] = fr.uow.published("request.command_refused")
    assert (refusal.member_state, refusal.payload["rule"]) == ("DE", "REQ-062")
    await deliver(fr, de, CommandRefused)
    await deliver(fr, de, RequestReplicated)  # the accepted state keeps the refusal
    stored = de.uow.collections["requests"]["r1"]
    assert stored["status"] == "accepted" and stored["refused_commands"][0]["user_id"] == "u-de-2"
    request = (await de.uow.run(lambda tx: _load(tx, "r1"))).value
    shown = view(request, 1, view_of(request, RECEIVER), RECEIVER)
    assert [r.command for r in shown.refused_commands] == ["incoming.accept_request"]


async def _load(tx, request_id: str):
    from imi_requests.adapters.request_repository import RequestRepository

    return await RequestRepository(tx).get(request_id)
