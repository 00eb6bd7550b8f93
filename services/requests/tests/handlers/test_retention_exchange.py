"""Retention obeyed beyond the request's own content (X-052) on the fakes: the §4.5-4.7
exchange's attachment references (RET-012, RET-013), the reports holding the case's PD
(RET-010) and the §4.12 list read model (RET-012)."""

from __future__ import annotations

import pytest

from imi_requests.domain.request import Answer, Attachment, FreeText
from imi_requests.domain.search import SearchCriteria
from imi_requests.handlers import exchange, reports
from imi_requests.handlers import exchange_commands as x
from imi_requests.handlers.lists import action_list, search_requests
from imi_requests.reports import ReportKind, ReportOrder
from imi_shared.sealing import SealedValue
from imi_testkit import InMemoryKeyStore

from .test_exchange import RECEIVER, SENDER, accepted
from .test_lists import Lists
from .test_retention import consume, deleted, locked

FULL, NO_PD = ReportOrder(ReportKind.FULL_WITH_PD), ReportOrder(ReportKind.FULL_WITHOUT_PD)


@pytest.fixture
def rctx(ctx):
    """`ctx` with a key store that keeps tombstones (as `test_retention.rctx`)."""
    ctx.sealer.key_store = InMemoryKeyStore()
    ctx.sealer._cache = type(ctx.sealer._cache)(lambda: 0.0, 0)
    return ctx


async def exchanged(ctx) -> None:
    """A message adding an attachment, and a draft answer about it."""
    await accepted(ctx)
    extract = Attachment("att-2", "extract.pdf", "store://2", comment_code="CERTIFICATE")
    message = x.AddMessage("r1", FreeText("Auszug anbei", "de"), (extract,))
    await exchange.add_message(ctx, message, RECEIVER, new_id=lambda: "m1")
    answer = Answer("SD-GENERAL.Q1", text=FreeText("Siehe Auszug", "de"), attachment_id="att-2")
    await exchange.save_answers(ctx, x.SaveAnswers("r1", (answer,)), RECEIVER)


def references(ctx) -> tuple[list, list]:
    stored = ctx.uow.collections["requests"]["r1"]
    return (
        [list(m["attachment_ids"]) for m in stored["messages"]],
        [a["attachment_id"] for a in stored["answers"]],
    )


async def test_ret_012_a_lock_clears_the_messages_and_answers_attachment_references(rctx):
    await exchanged(rctx)
    assert references(rctx) == ([["att-2"]], ["att-2"])
    await consume(rctx, locked())
    assert references(rctx) == ([[]], [None])
    stored = rctx.uow.collections["requests"]["r1"]
    assert not stored["attachments"] and "extract.pdf" not in repr(stored)
    assert stored["answers"][0]["text"]["text"] == "Siehe Auszug"  # non-PD content stays
    vault = rctx.uow.collections["locked_personal_data"]["r1"]["sealed"]
    kept = await rctx.sealer.unseal(SealedValue.model_validate(vault))
    assert kept["message_attachments"] == {"m1": ["att-2"]}  # RET-016: still extractable
    assert kept["answer_attachments"][0]["attachment_id"] == "att-2"


async def test_ret_013_a_deletion_without_a_lock_clears_them_too(rctx):
    await exchanged(rctx)
    await consume(rctx, deleted())
    assert references(rctx) == ([[]], [None])
    assert rctx.uow.collections["requests"]["r1"]["messages"][0]["message_id"] == "m1"


async def test_ret_010_a_lock_ends_the_cases_reports_holding_pd(rctx):
    await accepted(rctx)
    with_pd = await reports.generate(rctx, "r1", SENDER, FULL)
    without = await reports.generate(rctx, "r1", SENDER, NO_PD)
    lock = locked().model_copy(update={"locked_at": rctx.clock()})  # within their 30 days
    await consume(rctx, lock)
    assert set(rctx.uow.collections["report_files"]) == {without.report_id}
    assert with_pd.report_id not in rctx.uow.collections["generated_reports"]
    await consume(rctx, lock)  # a redelivery: nothing more goes
    assert set(rctx.uow.collections["report_files"]) == {without.report_id}


async def test_ret_010_ret_013_a_deletion_ends_them_as_well(rctx):
    await accepted(rctx)
    with_pd = await reports.generate(rctx, "r1", SENDER, FULL)
    without = await reports.generate(rctx, "r1", SENDER, NO_PD)
    await consume(rctx, deleted().model_copy(update={"deleted_at": rctx.clock()}))
    assert set(rctx.uow.collections["report_files"]) == {without.report_id}
    assert with_pd.report_id not in rctx.uow.collections["generated_reports"]


LIST_FIELDS = {  # domain.list_rows: ids, codes, statuses, allocations, dates
    *("request_id", "ref_no", "la_code", "status", "rule", "split_from_request_id", "allocations"),
    *("requesting_authority_id", "requesting_member_state", "responding_authority_id"),
    *("responding_member_state", "requesting_coordinator_id", "responding_coordinator_id"),
    *("created_at", "sent_at", "received_at", "closed_at", "last_action_at", "member_states"),
    *("awaiting_side", "expected", "awaiting_authority_id", "action"),
}


async def test_ret_012_the_lists_and_the_search_show_no_pd_of_a_locked_case(rctx):
    await exchanged(rctx)
    lists = Lists(rctx)
    await consume(rctx, locked())
    await lists.sync()
    shown = [
        *await action_list(rctx, RECEIVER),
        *await search_requests(rctx, SENDER, SearchCriteria(), 50, 0),
    ]
    assert [r["request_id"] for r in shown] == ["r1", "r1"]  # the case itself stays listed
    for row in shown:
        assert set(row) <= LIST_FIELDS, set(row) - LIST_FIELDS  # no field for PD at all
    held = repr(rctx.uow.collections["request_list"]) + repr(shown)
    for pd in ("Jean Dupont", "diploma.pdf", "extract.pdf", "att-1", "att-2"):
        assert pd not in held
