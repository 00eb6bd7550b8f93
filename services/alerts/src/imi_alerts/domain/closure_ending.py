"""Two-phase closure (ALR-039..048, ALR-065..074, X-048), second phase: the comment and
objection periods expire, the closure coordinator broadcasts the proposal (opening the
objection period) and closes the alert. The first phase is in `closure_procedure`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from .actors import Actor
from .closure_procedure import proposal_event
from .closure_proposal import ClosurePeriods, ClosureProposals
from .deliveries import Deliveries
from .enums import AlertStatus, ClosurePeriod, Notification, SubItemStatus
from .errors import InvalidInput, OutsidePeriod
from .events import AlertEvent, AlertPeriodExpired
from .items import Items
from .record import (
    AlertRecord,
    emit,
    event_base,
    log,
    move,
    require_aware,
    require_status,
)
from .rights import require_coordinator_forwarder, require_may_act

_COMMENTS = AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS
_AWAITING = AlertStatus.CLOSURE_PROPOSAL_AWAITING_BROADCAST
_OBJECTIONS = AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_OBJECTIONS


def expire_periods(
    rec: AlertRecord, proposals: ClosureProposals, now: datetime
) -> list[AlertEvent]:
    """The system's daily job (NOT-045): ALR-044/068 comment period → awaiting broadcast;
    ALR-046/072 objection period → flag only. Idempotent."""
    require_aware(now)
    proposal = proposals.pending
    if rec.status is _COMMENTS and proposal and proposal.comment_period_over(now):
        events = move(rec, None, now, _AWAITING, scope_ms=proposal.responsible_ms)
        return events + emit(
            rec,
            AlertPeriodExpired(
                **event_base(rec, now, None),
                period=ClosurePeriod.COMMENT,
                ended_at=proposal.comment_period_ends_at,
                scope_ms=proposal.responsible_ms,
                notification=Notification.COMMENT_PERIOD_ENDED,
                notify_authority_ids=(proposal.closure_coordinator.authority_id,),
            ),
        )
    if (
        rec.status is _OBJECTIONS
        and proposal
        and not proposal.objection_period_ended
        and (proposal.objection_period_over(now))
    ):
        proposal.objection_period_ended = True
        log(rec, "objection_period_ended", now)
        assert proposal.objection_period_ends_at is not None
        return emit(
            rec,
            AlertPeriodExpired(
                **event_base(rec, now, None),
                period=ClosurePeriod.OBJECTION,
                ended_at=proposal.objection_period_ends_at,
                notification=Notification.OBJECTION_PERIOD_ENDED,
                notify_authority_ids=(proposal.closure_coordinator.authority_id,),
            ),
        )
    return []


def broadcast_closure_proposal(
    rec: AlertRecord,
    deliveries: Deliveries,
    items: Items,
    proposals: ClosureProposals,
    actor: Actor,
    periods: ClosurePeriods,
    now: datetime,
    comment_ids: Iterable[str] | None = None,
) -> list[AlertEvent]:
    """ALR-045 / ALR-069: with all (None) or some comments; opens the objection period."""
    require_aware(now)
    require_may_act(actor)  # rights first, then the status and the input
    pending = proposals.pending
    require_coordinator_forwarder(
        actor,
        pending.closure_coordinator if pending else None,
        "ALR-069",
        "broadcasting the closure proposal",
    )
    require_status(rec, [_AWAITING], "ALR-069", "broadcast the closure proposal")
    proposal = proposals.require_pending()
    comments = {c.item_id: c for c in items.comments_on(proposal.proposal_id)}
    chosen = set(comments) if comment_ids is None else set(comment_ids)
    if chosen - set(comments):
        raise InvalidInput(
            "ALR-045",
            "not comments on this proposal: " + ", ".join(sorted(chosen - set(comments))),
        )
    for cid, comment in comments.items():
        comment.included_in_broadcast = cid in chosen
    proposal.included_comment_ids = tuple(c for c in comments if c in chosen)
    proposal.status, proposal.broadcast_at = SubItemStatus.BROADCAST, now
    proposal.objection_period_ends_at = now + periods.objection
    deliveries.mark_acted(actor)
    events = move(
        rec,
        actor,
        now,
        _OBJECTIONS,
        notification=Notification.CLOSURE_PROPOSAL_BROADCAST,
        notify=deliveries.active_recipient_ids(),
        coordinator_id=proposal.closure_coordinator.authority_id,
    )
    return events + proposal_event(
        rec, proposal, actor, now, SubItemStatus.SUBMITTED, scope_ms=None
    )


def close(
    rec: AlertRecord,
    deliveries: Deliveries,
    proposals: ClosureProposals,
    actor: Actor,
    now: datetime,
) -> list[AlertEvent]:
    """ALR-047 / ALR-073: a forwarder of the closure coordinator, after the objection
    period; afterwards only the reduced view remains (ALR-048)."""
    require_aware(now)
    require_may_act(actor)  # rights first, then the status and the period
    pending = proposals.pending
    require_coordinator_forwarder(
        actor, pending.closure_coordinator if pending else None, "ALR-047", "closing the alert"
    )
    require_status(rec, [_OBJECTIONS], "ALR-073", "close")
    proposal = proposals.require_pending()
    if not proposal.objection_period_over(now):
        raise OutsidePeriod(
            "ALR-047",
            f"the objection period ends at {proposal.objection_period_ends_at:%Y-%m-%d %H:%M} UTC",
        )
    proposal.objection_period_ended = True
    rec.closed_at = now
    return move(
        rec,
        actor,
        now,
        AlertStatus.CLOSED,
        notification=Notification.CLOSED,
        notify=deliveries.active_recipient_ids(),
        coordinator_id=proposal.closure_coordinator.authority_id,
    )
