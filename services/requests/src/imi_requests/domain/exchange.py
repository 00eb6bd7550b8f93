"""The content of the exchange between the two sides (§4.5-4.6): messages and attachments
(REQ-031, REQ-066, REQ-108), the reply and its drafts (REQ-032, REQ-033, REQ-107), further-
information rounds (REQ-036, REQ-037, REQ-123). The rows' rights, statuses and targets are in
`replies` (and `approval` for the reply's approval); this module adds what each action keeps."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from imi_shared.errors import Conflict, InvalidInput

from . import approval, replies
from .actors import Actor, AuthorityFacts, ensure_handler
from .events import StatusChanged
from .incoming import justified
from .request import (
    Answer,
    FreeText,
    FurtherInfoRound,
    Request,
    Side,
)
from .request import RequestStatus as S
from .state_machine import ensure_status

# the statuses in which the responding side composes the reply of the current round
_COMPOSING = frozenset({S.ACCEPTED, S.FURTHER_INFO_ACCEPTED, S.REPLY_NOT_APPROVED})


def _allocates(facts: AuthorityFacts | None) -> bool:
    return facts is not None and facts.parameters.allocation_enabled


def round_questions(request: Request) -> tuple[str, ...]:
    """The questions the current round answers: the open ones (round 0, REQ-030) or those of
    the further-information round (REQ-036)."""
    if request.further_info_round == 0 or not request.further_info_rounds:
        return tuple(q.code for q in request.open_questions)
    return request.further_info_rounds[-1].question_codes


def save_answers(
    request: Request, actor: Actor, own: AuthorityFacts, answers: tuple[Answer, ...]
) -> None:
    """REQ-032: the responding handler saves (part of) the reply as a draft; a saved answer
    replaces the draft of the same question in this round."""
    ensure_handler(request, actor, Side.RESPONDING, _allocates(own))
    if request.status not in _COMPOSING:
        raise Conflict("REQ-032", f"no reply is composed while the request is {request.status}")
    allowed = set(round_questions(request))
    attachment_ids = {a.attachment_id for a in request.attachments}
    for answer in answers:
        if answer.question_code not in allowed:
            raise InvalidInput("REQ-036", f"{answer.question_code} is not asked now", "answers")
        if answer.answer_code is None and answer.text is None:
            raise InvalidInput(
                "REQ-032", "an answer needs a predefined answer or a text", "answers"
            )
        if answer.attachment_id is not None and answer.attachment_id not in attachment_ids:
            raise InvalidInput("REQ-019", "the answer is about an unknown attachment", "answers")
    current = request.further_info_round
    replaced = {a.question_code for a in answers}
    kept = tuple(
        a for a in request.answers if a.round != current or a.question_code not in replaced
    )
    fresh = tuple(replace(a, round=current, sent_at=None, released=False) for a in answers)
    request.answers = (*kept, *fresh)


def _release(request: Request) -> None:
    """REQ-033 / REQ-046: the requesting side reads the sent answers once `answered`."""
    if request.status is S.ANSWERED:
        request.answers = tuple(
            replace(a, released=True) if a.sent_at is not None else a for a in request.answers
        )


def send_reply(
    request: Request,
    actor: Actor,
    own: AuthorityFacts,
    coordinator: AuthorityFacts | None,
    now: datetime,
) -> StatusChanged:
    """REQ-067 / REQ-068 (REQ-071 after a non-approval): every question of the round answered."""
    ensure_handler(request, actor, Side.RESPONDING, _allocates(own))
    rule = "REQ-071" if request.status is S.REPLY_NOT_APPROVED else "REQ-068"
    ensure_status(request, rule)
    current = request.further_info_round
    answered = {a.question_code for a in request.answers if a.round == current}
    missing = [code for code in round_questions(request) if code not in answered]
    if missing:
        raise InvalidInput("REQ-032", f"unanswered questions: {', '.join(missing)}", "answers")
    request.answers = tuple(
        replace(a, sent_at=now) if a.round == current and a.sent_at is None else a
        for a in request.answers
    )
    if rule == "REQ-071":
        changed = approval.resubmit_reply(request, actor, own, now)
    else:
        changed = replies.send_reply(request, actor, own, coordinator, now)
    _release(request)
    return changed


def approve_reply(
    request: Request, actor: Actor, coordinator: AuthorityFacts | None, now: datetime
) -> StatusChanged:
    """REQ-069 (the answers reach the requesting side) / REQ-127 (the rejection does)."""
    changed = approval.approve_pending(request, actor, coordinator, now)
    _release(request)
    return changed


def request_further_info(
    request: Request,
    actor: Actor,
    question_codes: tuple[str, ...],
    justification: FreeText | None,
    now: datetime,
) -> StatusChanged:
    """REQ-036 / REQ-073 / REQ-079: about the original questions only (new ones: close, then
    Copy, REQ-035); the round is kept apart with its justification (REQ-123)."""
    ensure_handler(request, actor, Side.REQUESTING)
    originals = [q.code for q in request.open_questions]
    chosen = tuple(dict.fromkeys(question_codes)) or tuple(originals)
    unknown = [c for c in chosen if c not in originals]
    if unknown:
        raise InvalidInput(
            "REQ-036", f"not an original question: {', '.join(unknown)}", "question_codes"
        )
    changed = replies.request_further_info(request, actor, justification, now)
    entry = FurtherInfoRound(request.further_info_round, chosen, justified(justification), now)
    request.further_info_rounds = (*request.further_info_rounds, entry)
    return changed


def answer_further_info(
    request: Request,
    actor: Actor,
    own: AuthorityFacts,
    coordinator: AuthorityFacts | None,
    accept: bool,
    justification: FreeText | None,
    now: datetime,
) -> StatusChanged:
    """REQ-074 / REQ-075 / REQ-126 / REQ-080: a rejection's justification joins its round."""
    changed = replies.answer_further_info(
        request, actor, own, coordinator, accept, justification, now
    )
    if not accept and request.further_info_rounds:
        last = request.further_info_rounds[-1]
        request.further_info_rounds = (
            *request.further_info_rounds[:-1],
            replace(last, rejection=justification),
        )
    return changed
