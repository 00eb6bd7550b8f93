"""§4.14 on the fakes: the checklist before sending (REQ-101, REQ-105), the MSE's measures
(REQ-102), the delivery from the request's own event and the +15 days on the injected clock
(REQ-122, REQ-104), the Commission's reads and decision, and a deleted draft's part (REQ-130)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from imi_requests.adapters.derogation_store import PREFETCH
from imi_requests.adapters.event_messages import RequestStatusChanged
from imi_requests.domain import derogations as d
from imi_requests.domain.actors import Actor
from imi_requests.domain.drafting import DraftContent
from imi_requests.domain.request import Answer, FreeText, Question, SubjectField
from imi_requests.handlers import commands as c
from imi_requests.handlers import commission, derogations, drafting, exchange, incoming
from imi_requests.handlers import exchange_commands as x
from imi_shared.batching import BatchItem
from imi_shared.errors import Forbidden, InvalidInput, NotFound


def person(user: str, authority: str, ms: str, *rights: str) -> Actor:
    return Actor(user, authority, ms, {"services": frozenset(rights)})


SENDER = person("u-fr", "fr-ca", "FR", "request_handler")
RECEIVER = person("u-de", "de-ca", "DE", "request_handler")
COMMISSION = person("c-1", "eu-derogations", "EU", "request_handler")
TEXT = FreeText("the provider's installations are unsafe", "en")
STEP1_REF = "REQ-FR-2025-000001"  # the first request FR numbers in 2025 (the step-1 one below)


def content(set_code: str) -> DraftContent:
    return DraftContent(
        "services",
        "de-ca",
        None,
        set_code,
        (Question(f"{set_code}.Q1"),),
        (),
        (SubjectField("provider_name", "Jean Dupont"),),
    )


def part(request_id: str, set_code: str, **changes) -> d.Derogation:
    notification = set_code == d.NOTIFICATION
    values = dict(
        confirmed=frozenset(d.CHECKLISTS[set_code]),
        case_description=TEXT,
        justification=TEXT,
        inadequacy=TEXT if notification else None,
        procedure=d.Procedure.NORMAL if notification else None,
        linked_request_ref=STEP1_REF if notification else None,
    )
    return d.Derogation(request_id, set_code, **{**values, **changes})


async def draft(ctx, request_id: str, set_code: str) -> None:
    await drafting.create_request(
        ctx, c.CreateRequest(content(set_code)), SENDER, new_id=lambda: request_id
    )


async def sent_step1(ctx, request_id: str = "r-step1") -> str:
    """Step 1 (REQ-101), sent: its reference number, which a notification quotes."""
    await draft(ctx, request_id, d.DEROGATION_REQUEST)
    await derogations.edit_derogation(
        ctx, request_id, SENDER, part(request_id, d.DEROGATION_REQUEST)
    )
    sent = await drafting.send_request(ctx, c.SendRequest(request_id), SENDER)
    return sent.aggregate.ref_no


async def deliver(ctx) -> None:
    """What the service's own consumer does with the request's events."""
    for envelope in ctx.uow.published("request.status_changed"):
        event = RequestStatusChanged.model_validate(envelope.payload)
        await ctx.uow.run(lambda tx, e=event, v=envelope: derogations.on_status_changed(e, v, tx))


async def deliver_in_one_batch(ctx) -> set[str] | None:
    """The same, as the batched consumer takes them: one batch; which of its requests the
    batch's one query found with a derogation part."""
    items, seen = [], []
    for envelope in ctx.uow.published("request.status_changed"):
        event = RequestStatusChanged.model_validate(envelope.payload)
        work = lambda tx, e=event, v=envelope: derogations.on_status_changed(e, v, tx)  # noqa: E731
        items.append(BatchItem(envelope, work, event))

    async def found(tx) -> None:
        seen.append(tx.write_behinds[PREFETCH].found)

    items.append(BatchItem(items[-1].consumed.model_copy(update={"event_id": "probe"}), found))
    await ctx.uow.run_batch(items, consumer="derogations")
    return seen[0]


async def refusal(kind, call) -> str:
    with pytest.raises(kind) as caught:
        await call
    return caught.value.rule_id


async def test_req_100_both_sets_for_an_active_services_authority(ctx):
    assert await derogations.offered_sets(ctx, SENDER) == d.DEROGATION_SETS
    assert await derogations.offered_sets(ctx, person("x", "it-ca", "IT", "request_handler")) == ()


async def test_req_101_req_102_a_derogation_request_is_sent_with_its_checklist(ctx):
    await draft(ctx, "r-step1", d.DEROGATION_REQUEST)
    send = drafting.send_request(ctx, c.SendRequest("r-step1"), SENDER)
    assert await refusal(InvalidInput, send) == "REQ-101"
    assert ctx.uow.published("request.status_changed")[-1].payload["new_status"] == "draft"
    half = part("r-step1", d.DEROGATION_REQUEST, confirmed=frozenset(d.REQUEST_CHECKLIST[:3]))
    await derogations.edit_derogation(ctx, "r-step1", SENDER, half)
    send = drafting.send_request(ctx, c.SendRequest("r-step1"), SENDER)
    assert await refusal(InvalidInput, send) == "REQ-101"
    await derogations.edit_derogation(ctx, "r-step1", SENDER, part("r-step1", d.DEROGATION_REQUEST))
    sent = await drafting.send_request(ctx, c.SendRequest("r-step1"), SENDER)
    assert sent.aggregate.status.value == "awaiting_acceptance"
    await incoming.accept_request(ctx, c.AcceptRequest("r-step1"), RECEIVER)
    answers = (Answer(f"{d.DEROGATION_REQUEST}.Q1", text=TEXT),)
    await exchange.save_answers(ctx, x.SaveAnswers("r-step1", answers), RECEIVER)
    reply = exchange.send_reply(ctx, x.SendReply("r-step1"), RECEIVER)
    assert await refusal(InvalidInput, reply) == "REQ-102"  # the measures are stated first
    none = derogations.state_measures(
        ctx, derogations.StateMeasures("r-step1", d.Measures.NONE, None), RECEIVER
    )
    assert await refusal(InvalidInput, none) == "REQ-102"
    await derogations.state_measures(
        ctx, derogations.StateMeasures("r-step1", d.Measures.NONE, TEXT), RECEIVER
    )
    replied = await exchange.send_reply(ctx, x.SendReply("r-step1"), RECEIVER)
    assert replied.aggregate.status.value == "answered"
    summary, found = await derogations.read_derogation(ctx, "r-step1", SENDER)
    assert found.measures is d.Measures.NONE and summary["status"] == "answered"
    # a request is not the Commission's business until a notification is delivered
    assert await refusal(NotFound, derogations.read_derogation(ctx, "r-step1", COMMISSION)) == (
        "X-010"
    )


async def test_req_122_req_104_a_delivered_notification_the_commission_and_its_decision(ctx):
    ctx.clock.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    assert await sent_step1(ctx) == STEP1_REF
    await draft(ctx, "r-notif", d.NOTIFICATION)
    no_ref = part("r-notif", d.NOTIFICATION, linked_request_ref=None)
    await derogations.edit_derogation(ctx, "r-notif", SENDER, no_ref)
    send = drafting.send_request(ctx, c.SendRequest("r-notif"), SENDER)
    assert await refusal(InvalidInput, send) == "REQ-105"
    await derogations.edit_derogation(ctx, "r-notif", SENDER, part("r-notif", d.NOTIFICATION))
    await drafting.send_request(ctx, c.SendRequest("r-notif"), SENDER)
    ctx.clock.advance(timedelta(hours=3))  # the consumer runs later: the send's time counts
    await deliver(ctx)
    _, found = await derogations.read_derogation(ctx, "r-notif", COMMISSION)
    assert found.measures_from == date(2025, 3, 16)  # REQ-117
    listed = await commission.delivered_notifications(ctx, COMMISSION, 50, 0)
    assert [x.request_id for x in listed] == ["r-notif"] and found.linked_request_ref == STEP1_REF
    assert await refusal(Forbidden, commission.delivered_notifications(ctx, SENDER, 50, 0)) == (
        "REQ-122"
    )
    decide = commission.RecordDecision("r-notif", TEXT)
    decision = commission.record_decision(ctx, decide, SENDER)
    assert await refusal(NotFound, decision) == "X-010"  # rights first: not the Commission
    await commission.record_decision(ctx, decide, COMMISSION)
    _, decided = await derogations.read_derogation(ctx, "r-notif", SENDER)
    assert decided.measures_from is None and decided.decision.text == TEXT


async def test_req_122_a_batch_of_sendings_finds_its_derogation_parts_in_one_query(ctx):
    """Issue 12: the batch's sent requests looked up at once; only the notification is
    delivered, the plain request (no derogation part) left alone."""
    ctx.clock.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    assert await sent_step1(ctx) == STEP1_REF  # REQ-105: the notification's step-1 request
    await draft(ctx, "r-notif", d.NOTIFICATION)
    await derogations.edit_derogation(ctx, "r-notif", SENDER, part("r-notif", d.NOTIFICATION))
    await drafting.send_request(ctx, c.SendRequest("r-notif"), SENDER)
    await draft(ctx, "r-plain", "SD-GENERAL")
    await drafting.send_request(ctx, c.SendRequest("r-plain"), SENDER)
    # both derogation-set requests (the step-1 one and the notification) are delivered
    assert await deliver_in_one_batch(ctx) == {"r-step1", "r-notif"}
    _, found = await derogations.read_derogation(ctx, "r-notif", COMMISSION)
    assert found.measures_from == date(2025, 3, 16)  # REQ-117
    assert set(ctx.uow.collections["derogations"]) == {"r-step1", "r-notif"}


async def test_req_130_a_deleted_derogation_draft_takes_its_part_with_it(ctx):
    await draft(ctx, "r-gone", d.DEROGATION_REQUEST)
    await derogations.edit_derogation(ctx, "r-gone", SENDER, part("r-gone", d.DEROGATION_REQUEST))
    assert "r-gone" in ctx.uow.collections["derogations"]
    await drafting.delete_draft(ctx, c.DeleteDraft("r-gone"), SENDER)
    assert ctx.uow.collections["derogations"] == {}


async def test_req_103_req_105_the_step_1_reference_is_a_sent_derogation_requests_ref_no(ctx):
    ctx.clock.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    await draft(ctx, "r-notif", d.NOTIFICATION)  # REQ-FR-2025-000001: numbered as a draft
    await draft(ctx, "r-step1", d.DEROGATION_REQUEST)  # REQ-FR-2025-000002, not sent yet
    await draft(ctx, "r-general", "SD-GENERAL")  # REQ-FR-2025-000003, not a derogation set

    def edit(ref: str | None, procedure=d.Procedure.NORMAL):
        changed = part("r-notif", d.NOTIFICATION, linked_request_ref=ref, procedure=procedure)
        return derogations.edit_derogation(ctx, "r-notif", SENDER, changed)

    await drafting.send_request(ctx, c.SendRequest("r-general"), SENDER)
    # absent; the notification itself; a draft; a sent request of another question set
    for wrong in (
        "REQ-FR-2025-000099",
        "REQ-FR-2025-000001",
        "REQ-FR-2025-000002",
        "REQ-FR-2025-000003",
    ):
        assert await refusal(InvalidInput, edit(wrong)) == "REQ-105", wrong
    await derogations.edit_derogation(ctx, "r-step1", SENDER, part("r-step1", d.DEROGATION_REQUEST))
    await drafting.send_request(ctx, c.SendRequest("r-step1"), SENDER)
    await edit("REQ-FR-2025-000002")  # now a sent request for individual derogation
    _, found = await derogations.read_derogation(ctx, "r-notif", SENDER)
    assert found.linked_request_ref == "REQ-FR-2025-000002"
    await edit(None, d.Procedure.URGENCY)  # REQ-105: mandatory only in the normal procedure
    sent = await drafting.send_request(ctx, c.SendRequest("r-notif"), SENDER)
    assert sent.aggregate.status.value == "awaiting_acceptance"
