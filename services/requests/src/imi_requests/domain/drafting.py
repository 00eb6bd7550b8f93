"""Create, edit, delete, copy and send a request (§4.3: REQ-013..REQ-022, REQ-130; rows
REQ-055..REQ-058, REQ-089). Rights first (REQ-007, REQ-052), then the status, then content."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from imi_shared.errors import InvalidInput

from .actors import HANDLER, Actor, AuthorityFacts, ensure_active, ensure_handler, ensure_right
from .approval import approval_applies
from .events import Deleted, StatusChanged
from .question_sets import question_set
from .request import (
    Attachment,
    FreeText,
    Question,
    Request,
    RequestStatus,
    Side,
    SubjectField,
)
from .state_machine import ensure_status, move, record


@dataclass(frozen=True)
class DraftContent:
    """What the requesting handler entered. REQ-013: a draft needs only the LA."""

    la_code: str
    responding_authority_id: str | None = None
    requesting_coordinator_id: str | None = None
    question_set_code: str | None = None
    questions: tuple[Question, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    subject: tuple[SubjectField, ...] = ()
    sending_justification: FreeText | None = None
    indicative_deadline: date | None = None


def _check_content(content: DraftContent) -> None:
    """What is checked at every save: the set belongs to the LA (REQ-014), each question to
    the set, each question about an attachment names one of the request's (REQ-019)."""
    codes = [q.code for q in content.questions]
    if len(set(codes)) != len(codes):
        raise InvalidInput("REQ-014", "a question is asked once", "questions")
    if content.questions and not content.question_set_code:
        raise InvalidInput("REQ-014", "questions need their question set", "question_set_code")
    if content.question_set_code:
        allowed = set(question_set(content.question_set_code, content.la_code).question_codes)
        for i, q in enumerate(content.questions):
            if q.code not in allowed:
                raise InvalidInput("REQ-014", f"{q.code!r} is not in the set", f"questions.{i}")
    ids = [a.attachment_id for a in content.attachments]
    if len(set(ids)) != len(ids):
        raise InvalidInput("REQ-019", "attachment ids must be unique", "attachments")
    for i, q in enumerate(content.questions):
        if q.attachment_id is not None and q.attachment_id not in ids:
            raise InvalidInput(
                "REQ-019", "the question is about an unknown attachment", f"questions.{i}"
            )


def _fill(request: Request, content: DraftContent) -> None:
    request.responding_authority_id = content.responding_authority_id
    if content.requesting_coordinator_id is not None:  # kept while amending (REQ-061)
        request.requesting_coordinator_id = content.requesting_coordinator_id
    request.question_set_code = content.question_set_code
    request.questions = tuple(replace(q, moved_to_request_id=None) for q in content.questions)
    request.attachments = content.attachments
    request.subject = content.subject
    request.sending_justification = content.sending_justification
    request.indicative_deadline = content.indicative_deadline


def create_draft(
    request_id: str, content: DraftContent, actor: Actor, own: AuthorityFacts | None, now: datetime
) -> tuple[Request, list[StatusChanged]]:
    """REQ-055 / REQ-021: a requesting handler saves a `draft` at any time; its creator becomes
    its allocated handler (REQ-052)."""
    ensure_right(actor, content.la_code, HANDLER)
    ensure_active(own, "REQ-055", "your authority")
    _check_content(content)
    request = Request(
        request_id=request_id,
        la_code=content.la_code,
        requesting_authority_id=actor.authority_id,
        requesting_member_state=actor.member_state,
        created_by=actor.user_id,
        created_at=now,
        allocations={Side.REQUESTING: (actor.user_id,)},
    )
    _fill(request, content)
    record(request, "REQ-055", actor, now, side=Side.REQUESTING)
    return request, [
        StatusChanged(request_id, None, request.status, "REQ-055", Side.REQUESTING, actor)
    ]


def edit(request: Request, content: DraftContent, actor: Actor, now: datetime) -> None:
    """REQ-056 (a draft) and REQ-061's "modify" (a request not approved). The LA stays."""
    ensure_handler(request, actor, Side.REQUESTING)
    if request.status is not RequestStatus.REQUEST_NOT_APPROVED:
        ensure_status(request, "REQ-056")
    if content.la_code != request.la_code:
        raise InvalidInput("REQ-013", "the LA of a saved request does not change", "la_code")
    _check_content(content)
    _fill(request, content)
    record(request, "REQ-056", actor, now, side=Side.REQUESTING)


def delete(request: Request, actor: Actor) -> Deleted:
    """REQ-056 / REQ-130: a deleted draft takes its PD and attachments with it at once."""
    ensure_handler(request, actor, Side.REQUESTING)
    ensure_status(request, "REQ-056")
    return Deleted(request.request_id, "REQ-056", actor)


def check_complete(request: Request, actor: Actor, target: AuthorityFacts | None) -> None:
    """REQ-013 (target, one set, >= 1 question), REQ-016 (mandatory case information),
    REQ-017 (justification, deadline), REQ-015 (another MS), REQ-022 (target may receive)."""
    if not request.responding_authority_id:
        raise InvalidInput(
            "REQ-013", "sending needs the responding authority", "responding_authority_id"
        )
    if not request.question_set_code:
        raise InvalidInput("REQ-013", "sending needs a question set", "question_set_code")
    if not request.questions:
        raise InvalidInput("REQ-013", "sending needs at least one question", "questions")
    qs = question_set(request.question_set_code, request.la_code)
    given = {f.name for f in request.subject if f.value.strip()}
    for name in qs.mandatory_subject_fields:
        if name not in given:
            raise InvalidInput("REQ-016", f"the case information {name!r} is mandatory", "subject")
    if qs.justification_required and not _text(request.sending_justification):
        raise InvalidInput("REQ-017", "this set needs a justification", "sending_justification")
    if qs.deadline_required and request.indicative_deadline is None:
        raise InvalidInput("REQ-017", "this set needs a deadline", "indicative_deadline")
    ensure_active(target, "REQ-022", "the responding authority", "responding_authority_id")
    assert target is not None
    if target.member_state == actor.member_state:
        raise InvalidInput(
            "REQ-015", "the responding authority belongs to another MS", "responding_authority_id"
        )
    if not (target.parameters.may_accept_incoming_requests or target.is_coordinator):
        raise InvalidInput(  # DIR-032, DIR-133: IMI coordinators are always selectable
            "REQ-022",
            "the responding authority does not receive requests",
            "responding_authority_id",
        )


def _text(value: FreeText | None) -> bool:
    return value is not None and bool(value.text.strip())


def choose_coordinator(chosen: str | None, associated: tuple[str, ...], rule: str) -> str | None:
    """REQ-020 / REQ-027: with several associated request coordinators the user picks the
    competent one; with one it is that one."""
    if chosen is not None:
        if chosen not in associated:
            raise InvalidInput(rule, "not an associated request coordinator", "coordinator_id")
        return chosen
    if len(associated) > 1:
        raise InvalidInput(
            rule, "choose one of the associated request coordinators", "coordinator_id"
        )
    return associated[0] if associated else None


def send(
    request: Request,
    actor: Actor,
    own: AuthorityFacts | None,
    target: AuthorityFacts | None,
    coordinator: AuthorityFacts | None,
    now: datetime,
) -> StatusChanged:
    """REQ-057 (approval applies: to the requesting coordinator) or REQ-058 (to the
    responding authority). `coordinator`: the facts of the chosen requesting coordinator."""
    ensure_handler(request, actor, Side.REQUESTING)
    ensure_status(request, "REQ-058")
    ensure_active(own, "REQ-022", "your authority")
    assert own is not None
    check_complete(request, actor, target)
    assert target is not None
    chosen = choose_coordinator(
        request.requesting_coordinator_id, own.associated_coordinator_ids, "REQ-020"
    )
    if coordinator is not None and coordinator.authority_id != chosen:
        coordinator = None
    request.requesting_coordinator_id = chosen
    request.responding_member_state = target.member_state
    request.sent_at = now
    needs = coordinator is not None and approval_applies(own.parameters, coordinator.parameters)
    return move(request, "REQ-057" if needs else "REQ-058", actor, now, Side.REQUESTING)
