"""REQ-107 / REQ-109 / REQ-108 / REQ-123 through the handlers and the stored documents (fakes):
what a split saves (the moved questions marked in the original, held by the new request; the
attachments copied with `is_copy_of`, never shown before acceptance), and every free text read
back with its language after the repository's round trip."""

from __future__ import annotations

from imi_requests.domain.actors import Actor
from imi_requests.domain.request import Answer, FreeText
from imi_requests.entrypoints.http.shaping import view
from imi_requests.handlers import commands as c
from imi_requests.handlers import exchange, incoming
from imi_requests.handlers import exchange_commands as x
from imi_requests.handlers.reading import read_request

from .test_commands import RECEIVER, SENDER, WHY, sent

TARGET = Actor("u-de2", "de-ca2", "DE", {"services": frozenset({"request_handler"})})
Q1, Q2 = "SD-GENERAL.Q1", "SD-GENERAL.Q2"


async def shown(ctx, request_id: str, actor) -> dict:
    request, version, seen = await read_request(ctx, request_id, actor)
    return view(request, version, seen, actor).model_dump()


async def test_req_107_req_109_a_split_is_stored_moved_and_copied(ctx):
    await sent(ctx)
    await incoming.accept_request(ctx, c.AcceptRequest("r1"), RECEIVER)
    split = c.SplitRequest("r1", "de-ca2", (Q1,), ("att-1",), WHY)
    await incoming.split_request(ctx, split, RECEIVER, new_id=lambda: "r2")
    original = await shown(ctx, "r1", RECEIVER)
    assert [(q["code"], q["moved_to_request_id"]) for q in original["questions"]] == [
        (Q1, "r2"),
        (Q2, None),
    ]
    assert [(a["attachment_id"], a["is_copy_of"]) for a in original["attachments"]] == [
        ("att-1", None)  # REQ-030: the original keeps it
    ]
    before = await shown(ctx, "r2", TARGET)  # attachments are PD, not before acceptance
    assert before["view"] == "without_pd" and before["attachments"] == []
    assert [(q["code"], q["attachment_id"]) for q in before["questions"]] == [(Q1, None)]
    assert before["questions"][0]["comment"] == {"text": "see attached diploma", "lang": "en"}
    await incoming.accept_request(ctx, c.AcceptRequest("r2"), TARGET)
    after = await shown(ctx, "r2", TARGET)
    [copy] = after["attachments"]
    assert copy["is_copy_of"] == "att-1" and copy["filename"] == "diploma.pdf"
    assert after["questions"][0]["attachment_id"] == copy["attachment_id"] != "att-1"
    assert after["split_from_request_id"] == "r1"
    assert ctx.uow.collections["requests"]["r2"]["attachments"][0]["is_copy_of"] == "att-1"


async def test_req_108_req_107_req_123_texts_are_stored_with_their_language(ctx):
    await sent(ctx)
    await incoming.accept_request(ctx, c.AcceptRequest("r1"), RECEIVER)
    note = FreeText("Hier der Registerauszug", "de")
    await exchange.add_message(ctx, x.AddMessage("r1", note), RECEIVER, new_id=lambda: "m1")
    ja = FreeText("Ja, eingetragen", "de")
    answers = (Answer(Q1, answer_code="YES", text=ja), Answer(Q2, text=FreeText("Nein", "de")))
    await exchange.save_answers(ctx, x.SaveAnswers("r1", answers), RECEIVER)
    await exchange.send_reply(ctx, x.SendReply("r1"), RECEIVER)
    ask = FreeText("Quel registre exactement ?", "fr")
    await exchange.request_further_info(ctx, x.RequestFurtherInfo("r1", ask, (Q1,)), SENDER)
    await exchange.answer_further_info(ctx, x.AnswerFurtherInfo("r1", True), RECEIVER)
    more = (Answer(Q1, round=1, text=FreeText("Handelsregister Köln", "de")),)
    await exchange.save_answers(ctx, x.SaveAnswers("r1", more), RECEIVER)
    await exchange.send_reply(ctx, x.SendReply("r1"), RECEIVER)
    read = await shown(ctx, "r1", SENDER)  # from the stored document
    assert read["questions"][0]["comment"] == {"text": "see attached diploma", "lang": "en"}
    assert read["messages"][0]["text"] == {"text": note.text, "lang": "de"}
    texts = {(a["question_code"], a["round"]): a["text"] for a in read["answers"]}
    assert texts[(Q1, 0)] == {"text": ja.text, "lang": "de"}
    assert texts[(Q1, 1)] == {"text": "Handelsregister Köln", "lang": "de"}  # REQ-123
    [round_1] = read["further_info_rounds"]
    assert (round_1["round"], round_1["justification"]) == (1, {"text": ask.text, "lang": "fr"})
