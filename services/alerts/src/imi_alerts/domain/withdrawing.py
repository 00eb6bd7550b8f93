"""Withdrawal in two steps (ALR-036..038, ALR-075, ALR-076)."""

from __future__ import annotations

from datetime import datetime

from .actors import Actor
from .closing import ClosureCommands
from .enums import LIVE, UNBROADCAST, AlertStatus, ItemKind, Notification, SubItemStatus
from .errors import InvalidState
from .events import AlertEvent, AlertItemStatusChanged
from .rights import (
    require_final_approval_rule,
    require_forwarder_of,
    require_handler_of,
    require_justification,
    require_may_act,
)
from .state import require_aware
from .withdrawal import Withdrawal

_AWAITING_WITHDRAWAL = AlertStatus.WITHDRAWAL_AWAITING_BROADCAST


class WithdrawalCommands(ClosureCommands):
    def _withdrawal_event(
        self,
        w: Withdrawal,
        actor: Actor,
        now: datetime,
        old: SubItemStatus | None,
        scope_ms: str | None,
    ) -> list[AlertEvent]:
        return self._emit(
            AlertItemStatusChanged(
                **self._base(now, actor),
                item_id=w.withdrawal_id,
                item_kind=ItemKind.WITHDRAWAL,
                old_status=old,
                new_status=w.status,
                author_authority_id=w.submitted_by_authority_id,
                author_ms=self.launching_ms,
                scope_ms=scope_ms,
            )
        )

    def submit_withdrawal(
        self, actor: Actor, justification: str, now: datetime
    ) -> list[AlertEvent]:
        """ALR-036 / ALR-037 / ALR-075: a handler of the launching authority or of its (the
        broadcasting) coordinator proposes the withdrawal, with its reason (X-026)."""
        require_aware(now)
        if self.status is AlertStatus.DRAFT or self.status in UNBROADCAST:
            raise InvalidState("ALR-036", "an unbroadcast alert is deleted, not withdrawn")
        self._require_status(LIVE, "ALR-075", "submit a withdrawal")
        require_may_act(actor)
        coordinator = self.selected_coordinator
        assert coordinator is not None
        require_handler_of(
            actor,
            [self.launching_authority_id, coordinator.authority_id],
            "ALR-037",
            "submitting a withdrawal",
        )
        reason = require_justification(justification, "X-026", "a withdrawal")
        w = Withdrawal(
            withdrawal_id=f"{self.alert_id}/W{len(self.withdrawals) + 1}",
            justification=reason,
            submitted_by_user_id=actor.user_id,
            submitted_by_authority_id=actor.authority_id,
            submitted_at=now,
            previous_status=self.status,
        )
        self.withdrawals.append(w)
        self._mark_acted(actor)
        events = self._move(
            actor,
            now,
            _AWAITING_WITHDRAWAL,
            justification=reason,
            notification=Notification.WITHDRAWAL_SUBMITTED,
            notify=(coordinator.authority_id,),
            coordinator_id=coordinator.authority_id,
        )
        return events + self._withdrawal_event(w, actor, now, None, self.launching_ms)

    def broadcast_withdrawal(self, actor: Actor, now: datetime) -> list[AlertEvent]:
        """ALR-037 / ALR-076: a forwarder of the coordinator that broadcast the alert; the alert
        is no longer active and recipients see only the reduced view (ALR-038)."""
        require_aware(now)
        self._require_status([_AWAITING_WITHDRAWAL], "ALR-076", "broadcast the withdrawal")
        require_may_act(actor)
        coordinator = self.selected_coordinator
        assert coordinator is not None
        require_forwarder_of(
            actor, coordinator.authority_id, "ALR-037", "broadcasting the withdrawal"
        )
        w = self.pending_withdrawal
        assert w is not None
        w.status, w.broadcast_at = SubItemStatus.BROADCAST, now
        w.broadcast_by_user_id = actor.user_id
        self.withdrawn_at = now
        self._mark_acted(actor)
        events = self._move(
            actor,
            now,
            AlertStatus.WITHDRAWN,
            notification=Notification.WITHDRAWN,
            notify=self.active_recipient_ids(),
            justification=w.justification,
        )
        return events + self._withdrawal_event(w, actor, now, SubItemStatus.SUBMITTED, None)

    def cancel_withdrawal(self, actor: Actor, now: datetime) -> list[AlertEvent]:
        """[INFERRED] ALR-005 lists `cancelled` for withdrawals: before its broadcast, under the
        final-approval rule, the proposal is cancelled and the alert returns to its status."""
        require_aware(now)
        self._require_status([_AWAITING_WITHDRAWAL], "ALR-005", "cancel the withdrawal")
        require_may_act(actor)
        coordinator = self.selected_coordinator
        w = self.pending_withdrawal
        assert coordinator is not None and w is not None
        require_final_approval_rule(
            actor, coordinator, w.submitted_by_authority_id, "ALR-005", "cancelling the withdrawal"
        )
        w.status, w.cancelled_at = SubItemStatus.CANCELLED, now
        events = self._move(actor, now, w.previous_status)
        return events + self._withdrawal_event(
            w, actor, now, SubItemStatus.SUBMITTED, self.launching_ms
        )
