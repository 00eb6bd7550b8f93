"""What retention's decisions do to a request (X-052). Pure: no I/O.

The personal data of a request (X-009: the subject fields flagged `personal_data`, every
attachment and the questions', messages' and answers' references to them) leaves the
aggregate when it is locked (RET-012): read, search, report and copy work on the aggregate,
so none of them can reach it; the reports holding it end too (RET-010, handlers.retention).
Only a sealed copy is kept aside for the Commission helpdesk's extraction (RET-016, RET-017);
the deletion (RET-013) drops that copy too and the case key is shredded. Questions, answers,
status and history stay (RET-013 [INFERRED]: only PD is deleted).
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from .request import HistoryEntry, Request

SYSTEM_USER = "system:retention"


def personal_data_of(request: Request) -> dict[str, Any]:
    """X-009: the request's PD as one JSON value (what the helpdesk may extract)."""
    return {
        "subject": [asdict(f) for f in request.subject if f.personal_data],
        "attachments": [asdict(a) for a in request.attachments],
        "question_attachments": {
            q.code: q.attachment_id for q in request.questions if q.attachment_id is not None
        },
        # §4.5-4.7: the attachments the messages added and the answers refer to
        "message_attachments": {
            m.message_id: list(m.attachment_ids) for m in request.messages if m.attachment_ids
        },
        "answer_attachments": [
            {"question_code": a.question_code, "round": a.round, "attachment_id": a.attachment_id}
            for a in request.answers
            if a.attachment_id is not None
        ],
    }


def has_personal_data(request: Request) -> bool:
    return any(personal_data_of(request).values())


def without_personal_data(request: Request, action: str, rule: str, at: datetime) -> Request:
    """The request with its PD gone and the step in its history (X-025), for lock and delete."""
    entry = HistoryEntry(action, rule, SYSTEM_USER, request.requesting_authority_id, at)
    return replace(
        request,
        subject=tuple(f for f in request.subject if not f.personal_data),
        attachments=(),
        questions=tuple(replace(q, attachment_id=None) for q in request.questions),
        messages=tuple(replace(m, attachment_ids=()) for m in request.messages),  # RET-012/013
        answers=tuple(replace(a, attachment_id=None) for a in request.answers),
        history=(*request.history, entry),
    )
