"""The content of the exchange between the two sides (§4.5-4.6): messages and attachments
(REQ-031, REQ-066, REQ-108), the reply and its drafts (REQ-032, REQ-033, REQ-107), further-
information rounds (REQ-036, REQ-037, REQ-123). The rows' rights, statuses and targets are in
`replies` (and `approval` for the reply's approval); this module adds what each action keeps."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from imi_shared.errors import Conflict, Forbidden, InvalidInput

from . import approval, replies
from .actors import ARBITER, Actor, AuthorityFacts, ensure_handler
from .events import MessageAdded, StatusChanged
from .incoming import justified
from .request import (
    Answer,
    Attachment,
    FreeText,
    FurtherInfoRound,
    Message,
    MessageKind,
    Request,
    Side,
)
from .request import RequestStatus as S
from .state_machine import ensure_status

MAX_MESSAGES = 500
# the statuses in which the responding side composes the reply of the current round
_COMPOSING = frozenset({S.ACCEPTED, S.FURTHER_INFO_ACCEPTED, S.REPLY_NOT_APPROVED})
_ARBITRATION = frozenset(
    {
        S.AWAITING_REPLY_APPROVAL,
        S.ARBITRATION_REQUESTING_COORDINATOR,
        S.ARBITRATION_RESPONDING_COORDINATOR,
        S.RETURNED_BY_ARBITER,
    }
)


def _allocates(facts: AuthorityFacts | None) -> bool:
    return facts is not None and facts.parameters.allocation_enabled


def _with_attachments(request: Request, attachments: tuple[Attachment, ...], rule: str) -> None:
    """REQ-031 / REQ-019: each added attachment has a predefined comment and a new id."""
    known = {a.attachment_id for a in request.attachments}
    for attachment in attachments:
        if attachment.comment_code is None:
            raise InvalidInput(rule, "an attachment needs a predefined comment", "attachments")
        if attachment.attachment_id in known:
            raise InvalidInput(rule, "this attachment id is already used", "attachments")
        known.add(attachment.attachment_id)
    request.attachments = (*request.attachments, *attachments)


def add_message(
    request: Request,
    actor: Actor,
    own: AuthorityFacts,
    text: FreeText | None,
    attachments: tuple[Attachment, ...],
    message_id: str,
    now: datetime,
) -> MessageAdded:
    """REQ-066 / REQ-031: a handler of either side, from acceptance until closure, adds a
    message and/or attachments; the other side is told (N_REQ_MESSAGE_ADDED)."""
    replies.add_message(request, actor, own, now)  # rights, then the row's status
    if text is None and not attachments:
        raise InvalidInput("REQ-031", "a message needs a text or an attachment", "text")
    if len(request.messages) >= MAX_MESSAGES:
        raise Conflict("REQ-031", f"a request holds at most {MAX_MESSAGES} messages")
    _with_attachments(request, attachments, "REQ-031")
    side = request.side_of(actor.authority_id) or Side.REQUESTING
    kind = MessageKind.COMMENT if text is not None else MessageKind.ATTACHMENT_ADDED
    ids = tuple(a.attachment_id for a in attachments)
    comment = attachments[0].comment_code if attachments else None
    message = Message(
        message_id, kind, side, actor.user_id, actor.authority_id, now, text, comment, ids
    )
    request.messages = (*request.messages, message)
    return MessageAdded(request.request_id, message, actor)


def add_opinion(
    request: Request, actor: Actor, text: FreeText | None, message_id: str, now: datetime
) -> MessageAdded:
    """REQ-006 / REQ-108: an arbiter of a coordinator selected on the request gives its
    opinion while the request awaits its approval or arbitration."""
    side = {
        request.requesting_coordinator_id: Side.REQUESTING_COORDINATOR,
        request.responding_coordinator_id: Side.RESPONDING_COORDINATOR,
    }.get(actor.authority_id)
    if side is None or not actor.has(request.la_code, ARBITER):
        raise Forbidden("REQ-010", "only an arbiter of a coordinator of the request gives opinions")
    if request.status not in _ARBITRATION | {S.AWAITING_REQUEST_APPROVAL}:
        raise Conflict("REQ-006", f"no opinion is asked of a request that is {request.status}")
    if text is None:
        raise InvalidInput("REQ-006", "an opinion needs a text", "text")
    message = Message(
        message_id,
        MessageKind.COORDINATOR_OPINION,
        side,
        actor.user_id,
        actor.authority_id,
        now,
        text,
    )
    request.messages = (*request.messages, message)
    return MessageAdded(request.request_id, message, actor)


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
