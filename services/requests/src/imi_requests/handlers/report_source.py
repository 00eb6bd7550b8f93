"""The picture of one request a report is made from (`reports.ReportSource`, REQ-096), and
the caller as the reports package sees them. Only a translation: what may be printed for whom
is decided by `reports.rights` and `reports.content`."""

from __future__ import annotations

from datetime import datetime

from ..domain.actors import ALLOCATOR, ARBITER, HANDLER, VIEWER, Actor
from ..domain.exchange_visibility import visible_answers, visible_messages
from ..domain.request import AFTER_ACCEPTANCE, Request
from ..reports import Attachment, Message, Party, QuestionAnswer, ReportActor, ReportSource, Right
from ..reports import SubjectField as ReportField

_RIGHTS = {
    HANDLER: Right.HANDLER,
    VIEWER: Right.VIEWER,
    ALLOCATOR: Right.ALLOCATOR,
    ARBITER: Right.ALLOCATOR,  # REQ-010: an arbiter reads without PD, as an allocator does
}


def report_actor(actor: Actor, la_code: str) -> ReportActor:
    rights = frozenset(_RIGHTS[r] for r in actor.rights.get(la_code, ()) if r in _RIGHTS)
    return ReportActor(actor.user_id, actor.authority_id, rights)


def _party(authority_id: str, member_state: str | None) -> Party:
    # the directory read model holds no names (X-054 keeps only what authorisation needs)
    return Party(authority_id=authority_id, name=authority_id, member_state=member_state or "EU")


def report_source(
    request: Request,
    coordinator_ids: tuple[str, ...],
    pd_locked_at: datetime | None = None,
    reader_authority_id: str | None = None,
) -> ReportSource:
    """`coordinator_ids`: the request's coordinators and the associated coordinators of
    either authority (REQ-097: they never get PD). `pd_locked_at`: when the case's PD was
    locked (RET-012; REQ-097: no PD report after that). The answers and messages are those
    `reader_authority_id` may see (REQ-108, REQ-046: released answers only to the requester)."""
    reader = reader_authority_id or request.requesting_authority_id
    answers: dict[str, str] = {}
    for a in visible_answers(request, reader, True):  # the latest round's answer last
        shown = a.text.text if a.text else a.answer_code
        if shown:
            answers[a.question_code] = shown
    about = {}
    for q in request.questions:
        if q.attachment_id:
            about.setdefault(q.attachment_id, []).append(q.code)
    messages = [
        Message(
            author_authority_id=m.authority_id,
            sent_at=m.at,
            text=m.text.text,
            language=m.text.lang,
        )
        for m in visible_messages(request, reader, True)
        if m.text is not None
    ]
    if request.sending_justification is not None:  # first: it came with the request
        messages.insert(
            0,
            Message(
                author_authority_id=request.requesting_authority_id,
                sent_at=request.sent_at or request.created_at,
                text=request.sending_justification.text,
                language=request.sending_justification.lang,
            ),
        )
    responding = None
    if request.responding_authority_id:
        responding = _party(request.responding_authority_id, request.responding_member_state)
    return ReportSource(
        request_id=request.request_id,
        reference=request.ref_no or request.request_id,  # REQ-106 (older requests: the id)
        la_code=request.la_code,
        status=request.status.value,
        question_set_code=request.question_set_code,
        requesting=_party(request.requesting_authority_id, request.requesting_member_state),
        responding=responding,
        coordinator_authority_ids=tuple(dict.fromkeys(coordinator_ids))[:10],
        accepted=request.status in AFTER_ACCEPTANCE,
        pd_locked=pd_locked_at is not None,
        pd_lock_at=pd_locked_at,
        subject=tuple(
            ReportField(label=f.name, value=f.value, personal_data=f.personal_data)
            for f in request.subject
        ),
        questions=tuple(
            QuestionAnswer(
                code=q.code,
                question=q.code,
                answer=answers.get(q.code),
                comment=q.comment.text if q.comment else None,
                language=q.comment.lang if q.comment else "en",
            )
            for q in request.questions
        ),
        messages=tuple(messages)[:500],
        attachments=tuple(
            Attachment(
                name=a.filename,
                comment=a.comment_code,
                questions=tuple(about.get(a.attachment_id, ()))[:20],
            )
            for a in request.attachments
        ),
    )
