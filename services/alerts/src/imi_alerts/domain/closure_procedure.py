"""Two-phase closure run by the responsible state (ALR-039..048, ALR-065..074, X-048), first
phase: the proposal and its comment period inside that state, edited or cancelled until it is
broadcast. The second phase (periods, broadcast, objections, close) is in `closure_ending`."""

from __future__ import annotations

from datetime import datetime

from .actors import Actor, CoordinatorRef
from .closure_proposal import ClosurePeriods, ClosureProposal, ClosureProposals
from .content import FreeText
from .deliveries import Deliveries
from .enums import AlertStatus, ItemKind, Notification, SubItemStatus
from .errors import Forbidden, InvalidInput, OutsidePeriod
from .events import AlertEvent, AlertItemStatusChanged
from .items import AlertItem, Items
from .record import (
    AlertRecord,
    emit,
    event_base,
    known_coordinator,
    log,
    move,
    require_aware,
    require_status,
    responsible_ms,
)
from .rights import (
    require_editor_right,
    require_final_approval_rule,
    require_forwarder_of,
    require_handler,
    require_may_act,
)

_COMMENTS = AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS
_AWAITING = AlertStatus.CLOSURE_PROPOSAL_AWAITING_BROADCAST
_OBJECTIONS = AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS


def proposal_event(
    rec: AlertRecord,
    proposal: ClosureProposal,
    actor: Actor | None,
    now: datetime,
    old: SubItemStatus | None,
    **extra,
) -> list[AlertEvent]:
    extra.setdefault("scope_ms", proposal.responsible_ms)
    return emit(
        rec,
        AlertItemStatusChanged(
            **event_base(rec, now, actor),
            item_id=proposal.proposal_id,
            item_kind=ItemKind.CLOSURE_PROPOSAL,
            old_status=old,
            new_status=proposal.status,
            author_authority_id=proposal.proposer_authority_id,
            author_ms=proposal.responsible_ms,
            submitted_to_coordinator_id=proposal.closure_coordinator.authority_id,
            text=proposal.text,
            **extra,
        ),
    )


def propose_closure(
    rec: AlertRecord,
    deliveries: Deliveries,
    proposals: ClosureProposals,
    actor: Actor,
    coordinator: CoordinatorRef | None,
    text: FreeText,
    periods: ClosurePeriods,
    now: datetime,
) -> list[AlertEvent]:
    """ALR-040 / ALR-041 / ALR-065: a handler of a recipient authority of the responsible
    state submits to a coordinator associated with its authority (the closure coordinator).
    Other states still see `broadcast` (ALR-042)."""
    require_aware(now)
    require_may_act(actor)  # rights first, then the status and the input
    require_handler(actor, "ALR-040", "proposing closure")
    responsible = responsible_ms(rec)
    if actor.member_state != responsible:
        raise Forbidden(
            "ALR-040",
            f"only the responsible state {responsible} proposes "
            "closure (ALR-007); others suggest it (ALR-039)",
        )
    require_status(rec, [AlertStatus.BROADCAST], "ALR-065", "propose closure")
    delivery = deliveries.require_participant(actor, "ALR-040")
    coordinator = known_coordinator(coordinator, "ALR-040")
    if coordinator.member_state != responsible or not actor.links_to(coordinator.authority_id):
        raise InvalidInput(
            "ALR-040",
            f"{coordinator.authority_id} is not a coordinator "
            "associated with the proposing authority",
        )
    proposal = ClosureProposal(
        proposal_id=proposals.new_id(rec.alert_id),
        text=text,
        proposer_user_id=actor.user_id,
        proposer_authority_id=actor.authority_id,
        responsible_ms=responsible,
        closure_coordinator=coordinator,
        submitted_at=now,
        comment_period_ends_at=now + periods.comment,
    )
    proposals.append(proposal)
    deliveries.mark_acted(actor)
    by_coordinator = actor.authority_id == coordinator.authority_id
    invited = (
        ()
        if by_coordinator
        else tuple(
            r.authority_id
            for r in delivery.active_recipients()
            if r.authority_id != actor.authority_id
        )
    )
    events = move(
        rec,
        actor,
        now,
        _COMMENTS,
        scope_ms=responsible,
        notification=None if by_coordinator else Notification.CLOSURE_COMMENTS_OPEN,
        notify=invited,
        coordinator_id=coordinator.authority_id,
    )
    return events + proposal_event(rec, proposal, actor, now, None)


def comment_on_closure(
    rec: AlertRecord,
    deliveries: Deliveries,
    items: Items,
    proposals: ClosureProposals,
    actor: Actor,
    text: FreeText,
    now: datetime,
) -> list[AlertEvent]:
    """ALR-042 / ALR-066: authorities of the responsible state that received the alert,
    within the comment period; no coordinator step (ALR-041)."""
    require_aware(now)
    require_may_act(actor)  # rights first, then the status and the period
    require_handler(actor, "ALR-042", "commenting on a closure proposal")
    pending = proposals.pending
    if actor.member_state != (pending.responsible_ms if pending else responsible_ms(rec)):
        raise Forbidden("ALR-042", "only the responsible state comments")
    require_status(rec, [_COMMENTS], "ALR-066", "comment")
    proposal = proposals.require_pending()
    deliveries.require_participant(actor, "ALR-042")
    if proposal.comment_period_over(now):
        raise OutsidePeriod("ALR-066", "the comment period has ended")
    comment = AlertItem(
        item_id=items.new_id(rec.alert_id),
        kind=ItemKind.COMMENT,
        author_user_id=actor.user_id,
        author_authority_id=actor.authority_id,
        author_ms=actor.member_state,
        text=text,
        submitted_at=now,
        closure_proposal_id=proposal.proposal_id,
    )
    items.append(comment)
    deliveries.mark_acted(actor)
    log(
        rec, "closure_commented", now, actor, scope_ms=proposal.responsible_ms, item=comment.item_id
    )
    return emit(
        rec,
        AlertItemStatusChanged(
            **event_base(rec, now, actor),
            item_id=comment.item_id,
            item_kind=ItemKind.COMMENT,
            old_status=None,
            new_status=comment.status,
            author_authority_id=actor.authority_id,
            author_ms=actor.member_state,
            text=text,
            scope_ms=proposal.responsible_ms,
        ),
    )


def edit_closure_proposal(
    rec: AlertRecord, proposals: ClosureProposals, actor: Actor, text: FreeText, now: datetime
) -> list[AlertEvent]:
    """ALR-043 / ALR-044 / ALR-067: until it is broadcast, final-approval rule."""
    require_aware(now)
    require_may_act(actor)  # rights first, then the status
    pending = proposals.pending
    if pending is None:
        require_editor_right(actor, None, "ALR-043", "editing the closure proposal")
    else:
        require_final_approval_rule(
            actor,
            pending.closure_coordinator,
            pending.proposer_authority_id,
            "ALR-043",
            "editing the closure proposal",
        )
    require_status(rec, [_COMMENTS, _AWAITING], "ALR-067", "edit the closure proposal")
    proposal = proposals.require_pending()
    proposal.text, proposal.updated_at = text, now
    log(rec, "closure_proposal_edited", now, actor, scope_ms=proposal.responsible_ms)
    return proposal_event(rec, proposal, actor, now, proposal.status, edited=True)


def cancel_closure_proposal(
    rec: AlertRecord,
    deliveries: Deliveries,
    proposals: ClosureProposals,
    actor: Actor,
    now: datetime,
) -> list[AlertEvent]:
    """Before broadcast: final-approval rule (ALR-043/045/067). After broadcast: a
    forwarder of the closure coordinator decides not to close (ALR-047/074). → `broadcast`."""
    require_aware(now)
    require_may_act(actor)  # rights first, then the status
    pending = proposals.pending
    after_broadcast = rec.status is _OBJECTIONS
    if pending is None:
        require_editor_right(actor, None, "ALR-045", "cancelling the closure proposal")
    elif after_broadcast:
        require_forwarder_of(
            actor,
            pending.closure_coordinator.authority_id,
            "ALR-074",
            "cancelling a broadcast closure proposal",
        )
    else:
        require_final_approval_rule(
            actor,
            pending.closure_coordinator,
            pending.proposer_authority_id,
            "ALR-045",
            "cancelling the closure proposal",
        )
    require_status(rec, [_COMMENTS, _AWAITING, _OBJECTIONS], "ALR-067", "cancel")
    proposal = proposals.require_pending()
    old = proposal.status
    proposal.status, proposal.cancelled_at = SubItemStatus.CANCELLED, now
    proposal.cancelled_after_broadcast = after_broadcast
    scope = None if after_broadcast else proposal.responsible_ms
    events = move(
        rec,
        actor,
        now,
        AlertStatus.BROADCAST,
        scope_ms=scope,
        notification=Notification.CLOSURE_PROPOSAL_CANCELLED if after_broadcast else None,
        notify=deliveries.active_recipient_ids() if after_broadcast else (),
    )
    return events + proposal_event(rec, proposal, actor, now, old, scope_ms=scope)
