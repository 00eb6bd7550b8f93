"""The data model's behaviour (REQ-107, REQ-108, REQ-109, REQ-123), through the real domain
functions of the world in conftest.py and the pure shaping of the HTTP view: a split moves the
questions (read-only in the original) and copies the attachments it takes; attachments are
always personal data; every free text keeps its language."""

from __future__ import annotations

import pytest

from imi_requests.domain import exchange, incoming, messages
from imi_requests.domain.request import Answer, Attachment, FreeText, Question
from imi_requests.domain.request import RequestStatus as S
from imi_requests.domain.retention import personal_data_of, without_personal_data
from imi_requests.domain.visibility import View, view_of
from imi_requests.entrypoints.http.shaping import view
from imi_shared.errors import InvalidInput

from .conftest import DE_C, DE_CA, DE_CA2, WHY

Q1, Q2 = "SD-GENERAL.Q1", "SD-GENERAL.Q2"


def split_q1(world, request):
    """DE splits Q1 and the diploma off to DE_CA2 (REQ-065 / REQ-030)."""
    return incoming.split(
        request,
        world.receiver,
        world.facts(DE_CA),
        world.facts(DE_CA2),
        (Q1,),
        ("att-1",),
        WHY,
        "r2",
        world.tick(),
    )


def shaped(request, actor) -> dict:
    return view(request, 1, view_of(request, actor), actor).model_dump()


def test_req_107_req_030_a_split_moves_the_questions_and_leaves_them_read_only(world):
    request = world.at(S.ACCEPTED)
    new, _ = split_q1(world, request)
    assert [(q.code, q.moved_to_request_id) for q in request.questions] == [
        (Q1, "r2"),  # REQ-107: moved_to_request_id on the original's question
        (Q2, None),
    ]
    assert [q.code for q in request.open_questions] == [Q2]
    [moved] = new.questions  # the new request holds it, open there
    assert (moved.code, moved.moved_to_request_id) == (Q1, None)
    assert moved.comment == FreeText("see attached diploma", "fr")  # comment and its language
    assert moved.attachment_id == "r2:att-1"  # about the new request's copy (REQ-019)
    assert (new.status, new.split_from_request_id) == (S.AWAITING_ACCEPTANCE, "r1")
    with pytest.raises(InvalidInput) as refused:  # REQ-120: read-only in the original
        exchange.save_answers(request, world.receiver, world.facts(DE_CA), (Answer(Q1, text=WHY),))
    assert refused.value.rule_id == "REQ-036"
    with pytest.raises(InvalidInput):  # and cannot be moved twice
        split_q1(world, request)


def test_req_109_req_030_a_split_copies_the_attachments_and_the_original_keeps_them(world):
    request = world.at(S.ACCEPTED)
    new, _ = split_q1(world, request)
    [copy] = new.attachments
    assert copy.is_copy_of == "att-1" and copy.attachment_id != "att-1"  # REQ-109
    assert (copy.filename, copy.content_ref) == ("diploma.pdf", "store://att-1")
    assert [(a.attachment_id, a.is_copy_of) for a in request.attachments] == [("att-1", None)]
    assert request.questions[0].attachment_id == "att-1"  # REQ-030: it keeps access to all


def test_req_109_x_009_attachments_are_always_pd_the_split_off_copy_too(world):
    request = world.at(S.ACCEPTED)
    new, _ = split_q1(world, request)
    target = world.de_ca2_handler
    before = shaped(new, target)  # REQ-024 / REQ-113: not before acceptance
    assert before["view"] == View.WITHOUT_PD and before["attachments"] == []
    assert before["questions"][0]["attachment_id"] is None
    assert before["questions"][0]["comment"]["text"] == "see attached diploma"
    incoming.accept(new, target, world.facts(DE_CA2), None, None, world.tick())
    after = shaped(new, target)
    assert [a["is_copy_of"] for a in after["attachments"]] == ["att-1"]
    # an attachment has no "not personal" flag (unlike a subject field): retention takes all
    extra = Attachment("att-2", "list.pdf", "store://2", comment_code="CERTIFICATE")
    messages.add_message(
        request, world.receiver, world.facts(DE_CA), None, (extra,), "m1", world.tick()
    )
    assert [a["attachment_id"] for a in personal_data_of(request)["attachments"]] == [
        "att-1",
        "att-2",
    ]
    allocator_view = shaped(request, world.de_allocator)  # REQ-009: without PD
    assert allocator_view["view"] == View.WITHOUT_PD and allocator_view["attachments"] == []
    assert allocator_view["messages"][0]["attachment_ids"] == []
    locked = without_personal_data(request, "personal_data_locked", "RET-012", world.tick())
    assert locked.attachments == () and locked.messages[0].attachment_ids == ()


def test_req_107_req_108_req_123_every_text_keeps_its_language(world):
    request = world.at(S.ACCEPTED)
    note = FreeText("Hier der Registerauszug", "de")
    messages.add_message(request, world.receiver, world.facts(DE_CA), note, (), "m1", world.tick())
    exchange.save_answers(
        request,
        world.receiver,
        world.facts(DE_CA),
        (
            Answer(Q1, answer_code="YES", text=FreeText("Ja, eingetragen", "de")),
            Answer(Q2, answer_code="NO"),
        ),
    )
    exchange.send_reply(
        request, world.receiver, world.facts(DE_CA), world.facts(DE_C), world.tick()
    )
    ask = FreeText("Quel registre exactement ?", "fr")
    exchange.request_further_info(request, world.sender, (Q1,), ask, world.tick())
    no = FreeText("Das Register ist vertraulich", "de")
    exchange.answer_further_info(
        request, world.receiver, world.facts(DE_CA), world.facts(DE_C), False, no, world.tick()
    )
    shown = shaped(request, world.sender)
    assert shown["questions"][0]["comment"] == {"text": "see attached diploma", "lang": "fr"}
    assert shown["messages"][0]["text"] == {"text": note.text, "lang": "de"}  # REQ-108
    [answer] = [a for a in shown["answers"] if a["text"]]  # REQ-107 answer_text + answer_lang
    assert (answer["answer_code"], answer["text"]["lang"]) == ("YES", "de")
    [fi] = shown["further_info_rounds"]  # REQ-107 further_info_text + lang, REQ-123
    assert fi["justification"] == {"text": ask.text, "lang": "fr"}
    assert fi["rejection"] == {"text": no.text, "lang": "de"}
    assert request.questions[0] == Question(Q1, FreeText("see attached diploma", "fr"), "att-1")
