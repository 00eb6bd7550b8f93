"""State of the `Alert` aggregate and the helpers every command mixin shares (ALR-006, ALR-080).

The commands live in focused mixins, each extending the previous one: `prebroadcast` →
`broadcasting` → `modification` → `recipients` → `information` → `closing` → `withdrawing`;
`alert.Alert` is the last. Every command takes an injected `now`, appends to
the immutable history (X-025), and returns the events it raised (also kept in `events` until the
unit of work pulls them).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, PrivateAttr

from imi_shared.participants import MemberState, UnknownParticipant, check_member_state

from .actors import Actor, CoordinatorRef
from .closure import ClosureProposal
from .content import AlertContent
from .delivery import Delivery
from .enums import ACTIVE, UNKNOWN_MSE, AlertStatus, RecipientMsStatus, SubItemStatus
from .errors import Forbidden, InvalidInput, InvalidState
from .events import AlertEvent
from .history import HistoryEntry, new_entry
from .items import AlertItem
from .withdrawal import Withdrawal


def require_aware(now: datetime) -> datetime:
    """The injected clock must be aware UTC (a programming error otherwise, not a refusal)."""
    if now.tzinfo is None or now.utcoffset() != timedelta(0):
        raise ValueError("`now` must be a timezone-aware UTC datetime")
    return now


class AlertState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    alert_id: str
    ref_no: str | None = None  # assigned at the first save of the draft
    status: AlertStatus = AlertStatus.DRAFT
    launching_authority_id: str
    launching_ms: MemberState
    launched_by_user_id: str
    launched_at: AwareDatetime
    selected_coordinator: CoordinatorRef | None = None  # the broadcasting coordinator
    content: AlertContent
    broadcast_at: AwareDatetime | None = None
    closed_at: AwareDatetime | None = None
    withdrawn_at: AwareDatetime | None = None
    deleted_at: AwareDatetime | None = None
    deliveries: dict[str, Delivery] = {}
    items: list[AlertItem] = []
    closure_proposals: list[ClosureProposal] = []
    withdrawals: list[Withdrawal] = []
    history: tuple[HistoryEntry, ...] = ()
    pd_locked: bool = False
    pd_deleted: bool = False

    _events: list[AlertEvent] = PrivateAttr(default_factory=list)

    # -- events and history ----------------------------------------------------------------
    @property
    def events(self) -> list[AlertEvent]:
        """Events raised since the last `pull_events` (collected by the unit of work)."""
        return list(self._events)

    def pull_events(self) -> list[AlertEvent]:
        pulled, self._events = self._events, []
        return pulled

    def _emit(self, *events: AlertEvent) -> list[AlertEvent]:
        self._events.extend(events)
        return list(events)

    def _log(
        self,
        action: str,
        now: datetime,
        actor: Actor | None = None,
        *,
        justification: str | None = None,
        scope_ms: str | None = None,
        **details: str,
    ) -> None:
        self.history = new_entry(
            self.history,
            action,
            now,
            actor,
            justification=justification,
            scope_ms=scope_ms,
            **details,
        )

    def _base(self, now: datetime, actor: Actor | None) -> dict[str, Any]:
        return {
            "alert_id": self.alert_id,
            "ref_no": self.ref_no,
            "occurred_at": now,
            "actor": actor.ref if actor else None,
        }

    # -- derived facts ---------------------------------------------------------------------
    @property
    def responsible_ms(self) -> str:
        """ALR-007: the MSE is responsible for closure; the launching state if it is unknown."""
        mse = self.content.establishment_ms
        return self.launching_ms if mse == UNKNOWN_MSE else mse

    @property
    def closure(self) -> ClosureProposal | None:
        """The pending closure proposal, if any."""
        last = self.closure_proposals[-1] if self.closure_proposals else None
        return last if last is not None and last.pending else None

    @property
    def pending_withdrawal(self) -> Withdrawal | None:
        last = self.withdrawals[-1] if self.withdrawals else None
        return last if last is not None and last.status is SubItemStatus.SUBMITTED else None

    def active_recipient_ids(self, member_state: str | None = None) -> tuple[str, ...]:
        """Authorities taking part (not removed), in one state or all; the notify list."""
        ids: dict[str, None] = {}
        for participant, delivery in self.deliveries.items():
            if member_state is None or participant == member_state:
                ids.update((r.authority_id, None) for r in delivery.active_recipients())
        return tuple(ids)

    def involved_coordinator_ids(self) -> set[str]:
        """Coordinators that items or closure proposals were submitted to: they must see them."""
        ids = {
            i.submitted_to.authority_id
            for i in self.items
            if i.submitted_to is not None and i.status is not SubItemStatus.DELETED
        }
        ids |= {p.closure_coordinator.authority_id for p in self.closure_proposals}
        return ids

    def visible_status(self, participant: str) -> str:
        """The status as shown to one participant (ALR-003, ALR-042, ALR-087)."""
        status = self.status
        if status in (
            AlertStatus.CLOSURE_PROPOSAL_OPEN_FOR_COMMENTS,
            AlertStatus.CLOSURE_PROPOSAL_AWAITING_BROADCAST,
        ) and (participant != self.responsible_ms):
            status = AlertStatus.BROADCAST
        delivery = self.deliveries.get(participant)
        if delivery is not None and delivery.awaits_acknowledgement and status in ACTIVE:
            return RecipientMsStatus.AWAITING_ACKNOWLEDGEMENT.value
        return status.value

    # -- shared guards ---------------------------------------------------------------------
    def _require_status(self, allowed: Iterable[AlertStatus], rule_id: str, what: str) -> None:
        allowed = frozenset(allowed)
        if self.status not in allowed:
            raise InvalidState(
                rule_id,
                f"cannot {what} while the alert is {self.status}; allowed: "
                + ", ".join(sorted(s.value for s in allowed)),
            )

    def _require_participant(
        self, actor: Actor, rule_id: str, member_state: str | None = None
    ) -> Delivery:
        """The actor's authority is on the recipient list of its state (or of `member_state`),
        not removed, and that state has acknowledged the alert (ALR-003, ALR-026)."""
        participant = member_state or actor.member_state
        delivery = self.deliveries.get(participant)
        if (
            delivery is None
            or actor.member_state != participant
            or (delivery.active_recipient(actor.authority_id) is None)
        ):
            raise Forbidden(
                rule_id, f"{actor.authority_id} is not a recipient of this alert in {participant}"
            )
        if delivery.awaits_acknowledgement:
            raise Forbidden(rule_id, f"{participant} has not acknowledged the alert yet")
        return delivery

    def _mark_acted(self, actor: Actor) -> None:
        delivery = self.deliveries.get(actor.member_state)
        if delivery is not None:
            delivery.mark_acted(actor.authority_id)

    @staticmethod
    def _check_ms(code: str) -> str:
        try:
            return check_member_state(code)
        except UnknownParticipant as exc:
            raise InvalidInput("X-001", str(exc)) from exc

    def _check_establishment(self, mse: str, recipient_ms: Iterable[str], rule_id: str) -> str:
        """[INFERRED] The MSE must be unknown, the launching state or a recipient state, so that
        the state responsible for closure (ALR-007) receives the alert (ALR-040)."""
        if mse == UNKNOWN_MSE:
            return mse
        mse = self._check_ms(mse)
        if mse != self.launching_ms and mse not in set(recipient_ms):
            raise InvalidInput(
                rule_id,
                f"the state of establishment {mse} must be the launching state or a "
                "recipient state (it runs the closure)",
            )
        return mse
