"""Reports wired to the requests (§4.13) on the fakes: rights before state, the record and the
PDF kept together, `request.report_generated` without personal data, the activity panel, the
download, and the deletion of the reports that fell due (REQ-096..REQ-099, REQ-118)."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from imi_requests.domain.actors import Actor
from imi_requests.domain.drafting import DraftContent
from imi_requests.domain.request import Answer, FreeText, Question, SubjectField
from imi_requests.handlers import commands as c
from imi_requests.handlers import drafting, exchange, incoming, reports
from imi_requests.handlers import exchange_commands as x
from imi_requests.reports import ReportKind, ReportOrder
from imi_shared.errors import Conflict, Forbidden, NotFound


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def person(user: str, authority: str, ms: str, *rights: str) -> Actor:
    return Actor(user, authority, ms, {"services": frozenset(rights)})


SENDER = person("u-fr", "fr-ca", "FR", "request_handler")
RECEIVER = person("u-de", "de-ca", "DE", "request_handler")
DE_ALLOCATOR = person("al-de", "de-ca", "DE", "allocator")
FR_ARBITER = person("a-fr", "fr-coord", "FR", "arbiter")
STRANGER = person("u-it", "it-ca", "IT", "request_handler")
FULL = ReportOrder(ReportKind.FULL_WITH_PD)
NO_PD = ReportOrder(ReportKind.FULL_WITHOUT_PD)
NAME = "Jean Dupont"


@pytest.fixture
async def request_id(ctx) -> str:
    content = DraftContent(
        "services",
        "de-ca",
        None,
        "SD-GENERAL",
        (Question("SD-GENERAL.Q1"),),
        (),
        (SubjectField("provider_name", NAME),),
    )
    await drafting.create_request(
        ctx, c.CreateRequest(content, send=True), SENDER, new_id=lambda: "r1"
    )
    return "r1"


async def refusal(kind, call) -> str:
    with pytest.raises(kind) as caught:
        await call
    return caught.value.rule_id


async def test_req_096_req_098_110_a_report_is_kept_announced_and_listed(ctx, request_id):
    record = await reports.generate(ctx, request_id, SENDER, FULL)
    assert record.personal_data and record.expires_at == ctx.clock() + timedelta(days=30)
    # REQ-110 `RequestReport`: request, user, type, contains_pd, signed, generated_at
    assert (record.request_id, record.generated_by, record.kind) == (
        request_id,
        SENDER.user_id,
        ReportKind.FULL_WITH_PD,
    )
    assert record.generated_at == ctx.clock() and record.certified is False and record.report_id
    event = ctx.uow.published("request.report_generated")[-1]
    assert event.payload["report_id"] == record.report_id
    assert NAME not in json.dumps(event.payload)  # nothing personal on the topic
    assert [r.report_id for r in await reports.activity_panel(ctx, SENDER)] == [record.report_id]
    got, pdf = await reports.download(ctx, record.report_id, SENDER)
    assert pdf.startswith(b"%PDF") and got.size == len(pdf)
    # somebody else's report is as absent as a missing one
    assert await refusal(NotFound, reports.download(ctx, record.report_id, RECEIVER)) == "REQ-098"
    assert await reports.activity_panel(ctx, RECEIVER) == []


async def test_req_097_x_013_who_gets_personal_data_in_a_report(ctx, request_id):
    # rights before state: a stranger learns nothing, whatever the kind
    assert await refusal(NotFound, reports.generate(ctx, request_id, STRANGER, FULL)) == "X-010"
    # the responding authority before acceptance
    assert await refusal(Forbidden, reports.generate(ctx, request_id, RECEIVER, FULL)) == "X-011"
    assert await reports.offered(ctx, request_id, RECEIVER) == (
        ReportKind.FULL_WITHOUT_PD,
        ReportKind.CUSTOM,
    )
    await incoming.accept_request(ctx, c.AcceptRequest(request_id), RECEIVER)
    assert (await reports.generate(ctx, request_id, RECEIVER, FULL)).personal_data
    # allocators and viewers only without PD; REQ-097: coordinators never
    assert await refusal(Forbidden, reports.generate(ctx, request_id, DE_ALLOCATOR, FULL)) == (
        "X-013"
    )
    assert await refusal(Forbidden, reports.generate(ctx, request_id, FR_ARBITER, FULL)) == (
        "REQ-097"
    )
    without = await reports.generate(
        ctx, request_id, FR_ARBITER, ReportOrder(ReportKind.FULL_WITHOUT_PD)
    )
    _, pdf = await reports.download(ctx, without.report_id, FR_ARBITER)
    assert not without.personal_data and "SD-GENERAL.Q1" in text_of(pdf)
    assert NAME not in text_of(pdf)
    _, full = await reports.download(
        ctx, (await reports.activity_panel(ctx, RECEIVER))[0].report_id, RECEIVER
    )
    assert NAME in text_of(full)


async def test_req_118_a_report_of_2025_03_01_is_listed_until_03_31_then_deleted(ctx, request_id):
    ctx.clock.now = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    record = await reports.generate(
        ctx, request_id, SENDER, ReportOrder(ReportKind.CUSTOM, sections=frozenset({"questions"}))
    )
    ctx.clock.now = datetime(2025, 3, 31, 9, 0, tzinfo=UTC)
    assert await reports.delete_due(ctx, ctx.clock()) == 0
    assert len(await reports.activity_panel(ctx, SENDER)) == 1
    ctx.clock.now = datetime(2025, 3, 31, 10, 0, tzinfo=UTC)
    assert await reports.activity_panel(ctx, SENDER) == []  # gone from the panel at once
    assert await reports.delete_due(ctx, ctx.clock()) == 1
    assert ctx.uow.collections["generated_reports"] == {}
    assert ctx.uow.collections["report_files"] == {}
    assert await refusal(NotFound, reports.download(ctx, record.report_id, SENDER)) == "REQ-098"


async def test_req_097_no_pd_report_once_the_pd_is_locked(ctx, request_id):
    # what the retention consumer writes when the case's PD is locked (RET-012)
    ctx.uow.collections.setdefault("locked_personal_data", {})[request_id] = {
        "_id": request_id,
        "version": 1,
        "locked_at": ctx.clock(),
    }
    assert await refusal(Conflict, reports.generate(ctx, request_id, SENDER, FULL)) == "REQ-097"
    assert ReportKind.FULL_WITH_PD not in await reports.offered(ctx, request_id, SENDER)
    assert not (await reports.generate(ctx, request_id, SENDER, NO_PD)).personal_data


async def test_ret_010_reports_with_pd_go_when_the_cases_pd_goes(ctx, request_id):
    with_pd = await reports.generate(ctx, request_id, SENDER, FULL)
    without = await reports.generate(ctx, request_id, SENDER, NO_PD)
    ended = await ctx.uow.run(lambda tx: reports.end_pd_reports(tx, request_id, ctx.clock()))
    assert ended.value == [with_pd.report_id]
    assert set(ctx.uow.collections["report_files"]) == {without.report_id}
    kept = [r.report_id for r in await reports.activity_panel(ctx, SENDER)]
    assert kept == [without.report_id]


async def test_req_096_a_full_report_holds_the_answers_its_reader_may_see(ctx, request_id):
    await incoming.accept_request(ctx, c.AcceptRequest(request_id), RECEIVER)
    answer = (Answer("SD-GENERAL.Q1", text=FreeText("Eingetragen seit 2019", "de")),)
    await exchange.save_answers(ctx, x.SaveAnswers(request_id, answer), RECEIVER)
    draft = await reports.generate(ctx, request_id, SENDER, FULL)
    _, pdf = await reports.download(ctx, draft.report_id, SENDER)
    assert "Eingetragen" not in text_of(pdf)  # REQ-032: a draft reply is the responder's
    await exchange.send_reply(ctx, x.SendReply(request_id), RECEIVER)
    sent = await reports.generate(ctx, request_id, SENDER, FULL)
    _, pdf = await reports.download(ctx, sent.report_id, SENDER)
    assert "Eingetragen seit 2019" in text_of(pdf)
    ref_no = ctx.uow.collections["requests"][request_id]["ref_no"]
    assert ref_no and ref_no in text_of(pdf)  # REQ-106: the report names its reference number
