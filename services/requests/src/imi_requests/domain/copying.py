"""Copy a request (§4.10: REQ-054, REQ-124; rows REQ-035, REQ-089): a handler of either
authority copies what it chooses into a new draft of its own authority, the requesting one."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from imi_shared.errors import Forbidden, InvalidInput

from .actors import Actor, AuthorityFacts
from .drafting import DraftContent, create_draft
from .events import StatusChanged
from .request import Question, Request, Side


@dataclass(frozen=True)
class CopyChoice:
    """REQ-054: what the user copies. `question_codes` empty: every question."""

    responding_authority: bool = True
    question_codes: tuple[str, ...] = ()
    attachments: bool = True
    subject: bool = True
    sending_justification: bool = True


def copy_request(
    source: Request,
    new_id: str,
    actor: Actor,
    own: AuthorityFacts | None,
    full: bool,
    now: datetime,
    choice: CopyChoice = CopyChoice(),
) -> tuple[Request, list[StatusChanged]]:
    """REQ-054 / REQ-089 / REQ-124: whatever the source's status; PD and attachments only when
    `full` (the copier reads them now: not an incoming request before acceptance). The copying
    authority is the requesting one; a responding copier does not copy itself as target."""
    side = source.side_of(actor.authority_id)
    if side is None:
        raise Forbidden("REQ-054", "only the two authorities' handlers copy a request")
    codes = [q.code for q in source.questions]
    unknown = [c for c in choice.question_codes if c not in codes]
    if unknown:
        raise InvalidInput("REQ-054", f"not a question of the request: {unknown}", "question_codes")
    picked = [
        q for q in source.questions if not choice.question_codes or q.code in choice.question_codes
    ]
    pd = full and not source.pd_locked  # REQ-124: no locked PD (RET-012)
    attachments = source.attachments if pd and choice.attachments else ()
    kept_ids = {a.attachment_id for a in attachments}
    questions = tuple(
        Question(q.code, q.comment, q.attachment_id if q.attachment_id in kept_ids else None)
        for q in picked
    )
    target = source.responding_authority_id if side is Side.REQUESTING else None
    content = DraftContent(
        la_code=source.la_code,
        responding_authority_id=target if choice.responding_authority else None,
        question_set_code=source.question_set_code,
        questions=questions,
        attachments=tuple(replace(a, is_copy_of=a.attachment_id) for a in attachments),
        subject=tuple(f for f in source.subject if choice.subject and (pd or not f.personal_data)),
        sending_justification=source.sending_justification
        if choice.sending_justification
        else None,
    )
    request, events = create_draft(new_id, content, actor, own, now)
    request.copied_from_request_id = source.request_id
    return request, [replace(events[0], rule="REQ-089")]
