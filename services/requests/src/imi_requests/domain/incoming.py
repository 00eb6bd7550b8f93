"""An incoming request: accept, refuse, forward, split (§4.4: REQ-023..REQ-030, REQ-119,
REQ-120; rows REQ-062..REQ-065). Only the responding authority's (allocated) handlers act."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from imi_shared.errors import Forbidden, InvalidInput

from .actors import Actor, AuthorityFacts, ensure_handler
from .drafting import choose_coordinator
from .events import Split, StatusChanged
from .request import Attachment, FreeText, Request, RequestStatus, Side
from .state_machine import ensure_status, move, record


def justified(text: FreeText | None) -> FreeText:
    """X-026: refuse, forward, split (and further information) need a justification."""
    if text is None or not text.text.strip():
        raise InvalidInput("X-026", "this action needs a justification", "justification")
    return text


def _responding(request: Request, actor: Actor, own: AuthorityFacts, rule: str) -> None:
    ensure_handler(request, actor, Side.RESPONDING, own.parameters.allocation_enabled)
    ensure_status(request, rule)


def accept(
    request: Request,
    actor: Actor,
    own: AuthorityFacts,
    coordinator_id: str | None,
    proposed_deadline: date | None,
    now: datetime,
) -> StatusChanged:
    """REQ-062 / REQ-025: the handler accepts for its authority, picking the competent
    request coordinator when there are several (REQ-027) and accepting the indicative
    deadline or proposing another date, stored and shown to the requester (REQ-026)."""
    _responding(request, actor, own, "REQ-062")
    if not (own.parameters.may_accept_incoming_requests or own.is_coordinator):
        raise Forbidden("REQ-062", "your authority does not accept incoming requests (DIR-032)")
    chosen = choose_coordinator(coordinator_id, own.associated_coordinator_ids, "REQ-027")
    if proposed_deadline is not None and proposed_deadline < now.date():
        raise InvalidInput("REQ-026", "the proposed date is in the past", "proposed_deadline")
    request.responding_coordinator_id = chosen
    request.proposed_deadline = proposed_deadline
    request.accepted_at = now
    changed = move(request, "REQ-062", actor, now, Side.RESPONDING)
    return replace(changed, proposed_deadline=proposed_deadline)


def refuse(
    request: Request, actor: Actor, own: AuthorityFacts, justification: FreeText | None, now
) -> StatusChanged:
    """REQ-063 / REQ-028: only where the responding CA has `may_refuse_requests` or is itself an
    IMI coordinator refusing for its MS; with a justification; the request is then closed."""
    _responding(request, actor, own, "REQ-063")
    if not (own.is_coordinator or own.parameters.may_refuse_requests):
        raise Forbidden("REQ-028", "your authority may not refuse requests (DIR-031)")
    text = justified(justification)
    request.closed_at = now
    return move(request, "REQ-063", actor, now, Side.RESPONDING, text)


def _check_target(request: Request, actor: Actor, target: AuthorityFacts | None) -> AuthorityFacts:
    """REQ-119: active, in the same MS, with active LA and workflow access, and receiving
    requests unless it is an IMI coordinator."""
    if (
        target is None
        or not target.active
        or target.member_state != actor.member_state
        or target.authority_id == actor.authority_id
        or not (target.parameters.may_accept_incoming_requests or target.is_coordinator)
    ):
        raise InvalidInput(
            "REQ-119",
            "not an authority of your MS that can take this request",
            "target_authority_id",
        )
    return target


def forward(
    request: Request,
    actor: Actor,
    own: AuthorityFacts,
    target: AuthorityFacts | None,
    justification: FreeText | None,
    now: datetime,
) -> StatusChanged:
    """REQ-064 / REQ-029 / REQ-119: the new responding authority finds it `awaiting_acceptance`;
    the forwarding one loses action rights and PD; its coordinator, allocation and last actor
    are cleared (draft answers and messages are discarded with §4.5)."""
    _responding(request, actor, own, "REQ-064")
    chosen = _check_target(request, actor, target)
    text = justified(justification)
    former = request.responding_authority_id
    request.former_responding_authority_ids = (
        *request.former_responding_authority_ids,
        *([former] if former else []),
    )
    request.responding_authority_id = chosen.authority_id
    request.responding_coordinator_id = None
    request.accepted_at = None
    request.proposed_deadline = None
    request.pending_item = None
    request.allocations = {
        s: ids
        for s, ids in request.allocations.items()
        if s not in (Side.RESPONDING, Side.RESPONDING_COORDINATOR)
    }
    # REQ-029 / REQ-116: the forwarding authority's answers the requester never received
    # (drafts, a reply not approved) go; delivered ones stay in the request
    request.answers = tuple(a for a in request.answers if a.released)
    changed = move(request, "REQ-064", actor, now, Side.RESPONDING, text)
    request.last_actors = {s: u for s, u in request.last_actors.items() if s is not Side.RESPONDING}
    return changed


def split(
    request: Request,
    actor: Actor,
    own: AuthorityFacts,
    target: AuthorityFacts | None,
    question_codes: tuple[str, ...],
    attachment_ids: tuple[str, ...],
    justification: FreeText | None,
    new_id: str,
    now: datetime,
) -> tuple[Request, list[Split | StatusChanged]]:
    """REQ-065 / REQ-030 / REQ-120: some (not all) questions, with chosen attachments (each
    copied, the original keeps it), become a new linked request `awaiting_acceptance`."""
    _responding(request, actor, own, "REQ-065")
    chosen = _check_target(request, actor, target)
    text = justified(justification)
    open_codes = [q.code for q in request.open_questions]
    moved = set(question_codes)
    if not moved or not moved <= set(open_codes):
        raise InvalidInput("REQ-030", "choose questions still open here", "question_codes")
    if moved == set(open_codes):
        raise InvalidInput("REQ-065", "at least one question must stay", "question_codes")
    by_id = {a.attachment_id: a for a in request.attachments}
    if not set(attachment_ids) <= set(by_id):
        raise InvalidInput("REQ-030", "not an attachment of the request", "attachment_ids")
    copies = tuple(
        Attachment(
            f"{new_id}:{a}",
            by_id[a].filename,
            by_id[a].content_ref,
            by_id[a].comment_code,
            is_copy_of=a,
        )
        for a in attachment_ids
    )
    renamed = {a.is_copy_of: a.attachment_id for a in copies}
    new = Request(
        request_id=new_id,
        la_code=request.la_code,
        requesting_authority_id=request.requesting_authority_id,
        requesting_member_state=request.requesting_member_state,
        created_by=request.created_by,
        created_at=now,
        status=RequestStatus.AWAITING_ACCEPTANCE,
        responding_authority_id=chosen.authority_id,
        responding_member_state=chosen.member_state,
        requesting_coordinator_id=request.requesting_coordinator_id,
        question_set_code=request.question_set_code,
        questions=tuple(
            replace(q, attachment_id=renamed.get(q.attachment_id or ""))
            for q in request.questions
            if q.code in moved
        ),
        attachments=copies,
        subject=request.subject,
        sending_justification=request.sending_justification,
        indicative_deadline=request.indicative_deadline,
        allocations={Side.REQUESTING: request.allocated(Side.REQUESTING)},
        split_from_request_id=request.request_id,
        sent_at=now,
    )
    record(new, "REQ-065", actor, now, text)
    request.questions = tuple(
        replace(q, moved_to_request_id=new_id) if q.code in moved else q for q in request.questions
    )
    record(request, "REQ-065", actor, now, text, Side.RESPONDING)
    events: list[Split | StatusChanged] = [
        Split(request.request_id, new_id, tuple(sorted(moved)), actor, text),
        StatusChanged(new_id, None, new.status, "REQ-065", Side.RESPONDING, actor, text),
    ]
    return new, events
