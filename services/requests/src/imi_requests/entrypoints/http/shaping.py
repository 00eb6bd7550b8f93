"""Turn the caller's token into the domain's actor, a body into domain values, and a request
into the view the caller may see (X-011, REQ-011, REQ-024, REQ-113, REQ-115, REQ-128)."""

from __future__ import annotations

from dataclasses import asdict

from imi_shared.auth import Principal

from ...domain.actors import Actor
from ...domain.drafting import DraftContent
from ...domain.exchange_visibility import visible_answers, visible_messages, visible_rounds
from ...domain.request import (
    WORKFLOW,
    Attachment,
    FreeText,
    Question,
    Request,
    SubjectField,
)
from ...domain.visibility import View, sees_suggestions
from .schemas import DraftBody, FreeTextIn
from .views import RequestView


def actor_of(principal: Principal) -> Actor:
    rights = {
        key.split("/")[0]: frozenset(roles)
        for key, roles in principal.user_rights.items()
        if key.endswith(f"/{WORKFLOW}")
    }
    return Actor(principal.user_id, principal.authority_id, principal.member_state, rights)


def text(value: FreeTextIn | None) -> FreeText | None:
    return FreeText(value.text, value.lang) if value else None


def content_of(body: DraftBody) -> DraftContent:
    return DraftContent(
        la_code=body.la_code,
        responding_authority_id=body.responding_authority_id,
        requesting_coordinator_id=body.requesting_coordinator_id,
        question_set_code=body.question_set_code,
        questions=tuple(Question(q.code, text(q.comment), q.attachment_id) for q in body.questions),
        attachments=tuple(
            Attachment(a.attachment_id, a.filename, a.content_ref, a.comment_code)
            for a in body.attachments
        ),
        subject=tuple(SubjectField(f.name, f.value, f.personal_data) for f in body.subject),
        sending_justification=text(body.sending_justification),
        indicative_deadline=body.indicative_deadline,
    )


def view(request: Request, version: int, seen: View, actor: Actor) -> RequestView:
    base = {
        "request_id": request.request_id,
        "ref_no": request.ref_no,  # REQ-106; REQ-011: shown in the partial view too
        "version": version,
        "view": seen,
        "la_code": request.la_code,
        "status": request.status,
        "requesting_authority_id": request.requesting_authority_id,
        "requesting_member_state": request.requesting_member_state,
        "responding_authority_id": request.responding_authority_id,
        "responding_member_state": request.responding_member_state,
        "created_at": request.created_at,
        "sent_at": request.sent_at,
        "accepted_at": request.accepted_at,
        "closed_at": request.closed_at,
        "pd_locked": request.pd_locked,  # REQ-106: retention's lock (RET-012)
        "pd_deleted": request.pd_deleted,  # REQ-106: retention's deletion (RET-013)
    }
    if seen is View.PARTIAL:
        return RequestView.model_validate(base)
    full = seen is View.FULL
    questions = [
        {**asdict(q), "attachment_id": q.attachment_id if full else None} for q in request.questions
    ]
    return RequestView.model_validate(
        {
            **base,
            "requesting_coordinator_id": request.requesting_coordinator_id,
            "responding_coordinator_id": request.responding_coordinator_id,
            "question_set_code": request.question_set_code,
            "questions": questions,
            "attachments": [asdict(a) for a in request.attachments] if full else [],
            "subject": [asdict(f) for f in request.subject if full or not f.personal_data],
            "sending_justification": asdict(request.sending_justification)
            if request.sending_justification
            else None,
            "indicative_deadline": request.indicative_deadline,
            "proposed_deadline": request.proposed_deadline,
            "split_from_request_id": request.split_from_request_id,
            "allocations": {s: list(u) for s, u in request.allocations.items()},
            "suggestions": [
                asdict(s) for s in request.suggestions if sees_suggestions(request, actor, s.side)
            ],
            **exchange_of(request, actor, full),
        }
    )


def exchange_of(request: Request, actor: Actor, full: bool) -> dict:
    """REQ-108, REQ-123, REQ-046: the exchange as the caller's authority may see it."""
    who = actor.authority_id
    return {
        "copied_from_request_id": request.copied_from_request_id,
        "further_info_round": request.further_info_round,
        "arbitration_scenario": request.arbitration_scenario,
        "messages": [asdict(m) for m in visible_messages(request, who, full)],
        "answers": [asdict(a) for a in visible_answers(request, who, full)],
        "further_info_rounds": [asdict(r) for r in visible_rounds(request, who)],
        "refused_commands": [asdict(r) for r in request.refused_commands if r.authority_id == who],
    }
