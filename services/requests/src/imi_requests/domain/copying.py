"""Copy a request (§4.10: REQ-054, REQ-124; row REQ-089): the extension point of the copy
command, which comes with §4.10."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from imi_shared.errors import Forbidden

from .actors import Actor, AuthorityFacts
from .drafting import DraftContent, create_draft
from .events import StatusChanged
from .request import Question, Request


def copy_request(
    source: Request,
    new_id: str,
    actor: Actor,
    own: AuthorityFacts | None,
    full: bool,
    now: datetime,
) -> tuple[Request, list[StatusChanged]]:
    """REQ-054 / REQ-089 / REQ-124: a handler of either authority copies any request into a new
    draft of its own authority; PD and attachments only when `full` (what it may read)."""
    if source.side_of(actor.authority_id) is None:
        raise Forbidden("REQ-054", "only the two authorities' handlers copy a request")
    content = DraftContent(
        la_code=source.la_code,
        question_set_code=source.question_set_code,
        questions=tuple(
            Question(q.code, q.comment, q.attachment_id if full else None) for q in source.questions
        ),
        attachments=source.attachments if full else (),
        subject=source.subject if full else tuple(f for f in source.subject if not f.personal_data),
        sending_justification=source.sending_justification,
    )
    request, events = create_draft(new_id, content, actor, own, now)
    return request, [replace(events[0], rule="REQ-089")]
