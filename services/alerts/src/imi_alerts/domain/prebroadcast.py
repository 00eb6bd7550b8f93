"""Before broadcast: save, edit, submit, forward to a coordinator, accept, delete
(ALR-014..020, ALR-049..055). The broadcast itself is in `broadcasting`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from .actors import Actor, CoordinatorRef
from .content import AlertContent, ContentChanges, require_complete
from .enums import ACTIVE, UNBROADCAST, UNKNOWN_MSE, AlertStatus, Notification
from .errors import InvalidInput, InvalidState
from .events import AlertEvent, AlertForwardedToCoordinator, AlertStatusChanged
from .rights import (
    require_final_approval_rule,
    require_forwarder_of,
    require_handler_of,
    require_justification,
    require_may_act,
    require_may_start_new,
)
from .state import AlertState, require_aware

#: X-024 number generation, injected: (launching member state, now) -> unique reference number
AlertNumberSource = Callable[[str, datetime], str]


class PreBroadcastCommands(AlertState):
    def _validated(self, content: AlertContent, rule_id: str) -> AlertContent:
        recipients = tuple(self._check_ms(ms) for ms in content.recipient_ms)
        if len(set(recipients)) != len(recipients):
            raise InvalidInput(rule_id, "a recipient state is selected twice")
        if self.launching_ms in recipients:
            raise InvalidInput("ALR-021", "an alert is broadcast to other states, not to its own")
        mse = content.establishment_ms
        mse = mse if mse == UNKNOWN_MSE else self._check_ms(mse)
        return content.model_copy(update={"recipient_ms": recipients, "establishment_ms": mse})

    def _require_launching_handler(self, actor: Actor, rule_id: str, what: str) -> None:
        require_handler_of(actor, [self.launching_authority_id], rule_id, what)

    def save_draft(
        self, actor: Actor, number_source: AlertNumberSource, now: datetime
    ) -> list[AlertEvent]:
        """ALR-015 / ALR-049 / X-024: the first save assigns the number; status `draft`."""
        require_aware(now)
        self._require_status([AlertStatus.DRAFT], "ALR-015", "save a draft")
        require_may_start_new(actor)
        self._require_launching_handler(actor, "ALR-050", "saving the draft")
        if self.ref_no is not None:
            return []
        ref_no = number_source(self.launching_ms, now)
        if not ref_no:
            raise ValueError("X-024: the number source returned an empty reference number")
        self.ref_no = ref_no
        self._log("draft_saved", now, actor, scope_ms=self.launching_ms, ref_no=ref_no)
        return self._emit(
            AlertStatusChanged(
                **self._base(now, actor),
                old_status=None,
                new_status=AlertStatus.DRAFT,
                scope_ms=self.launching_ms,
            )
        )

    def require_coordinator_choice_open(self) -> None:
        """ALR-017: the broadcasting coordinator is chosen in the draft; once submitted the
        alert is forwarded to another coordinator instead (`forward_to_coordinator`)."""
        if self.status is not AlertStatus.DRAFT:
            raise InvalidInput(
                "ALR-017",
                "after submission the alert is forwarded to "
                "another coordinator instead (POST .../forward)",
            )

    def select_coordinator(
        self, actor: Actor, coordinator: CoordinatorRef, now: datetime
    ) -> list[AlertEvent]:
        """ALR-014: pick the broadcasting coordinator among those linked to the authority."""
        require_aware(now)
        self._require_status([AlertStatus.DRAFT], "ALR-050", "choose the coordinator")
        require_may_start_new(actor)
        self._require_launching_handler(actor, "ALR-050", "choosing the coordinator")
        if coordinator.member_state != self.launching_ms or not actor.links_to(
            coordinator.authority_id
        ):
            raise InvalidInput(
                "ALR-014",
                f"{coordinator.authority_id} is not an alert "
                "coordinator linked to the launching authority",
            )
        self.selected_coordinator = coordinator
        self._log(
            "coordinator_selected",
            now,
            actor,
            scope_ms=self.launching_ms,
            coordinator=coordinator.authority_id,
        )
        return []

    def _edit_unbroadcast(
        self, actor: Actor, changes: ContentChanges, now: datetime
    ) -> list[AlertEvent]:
        if self.status is AlertStatus.DRAFT:
            require_may_start_new(actor)
            self._require_launching_handler(actor, "ALR-050", "editing the draft")
        else:
            require_may_act(actor)
            assert self.selected_coordinator is not None
            require_final_approval_rule(
                actor, self.selected_coordinator, self.launching_authority_id, "ALR-054", "editing"
            )
        content = self._validated(changes.apply_to(self.content), "ALR-054")
        if self.status is not AlertStatus.DRAFT:
            if not content.recipient_ms:
                raise InvalidInput("ALR-051", "a submitted alert keeps a recipient state")
            require_complete(content)
        self.content = content
        self._log(
            "edited",
            now,
            actor,
            scope_ms=self.launching_ms,
            fields=",".join(changes.changed_fields()),
        )
        return []

    def delete(self, actor: Actor, now: datetime) -> list[AlertEvent]:
        """ALR-050 (draft) / ALR-055 (unbroadcast, final-approval rule) → `deleted`."""
        require_aware(now)
        if self.status in ACTIVE:
            raise InvalidState("ALR-036", "a broadcast alert is withdrawn, not deleted")
        self._require_status([AlertStatus.DRAFT, *UNBROADCAST], "ALR-055", "delete the alert")
        require_may_act(actor)
        if self.status is AlertStatus.DRAFT:
            self._require_launching_handler(actor, "ALR-050", "deleting the draft")
        else:
            assert self.selected_coordinator is not None
            require_final_approval_rule(
                actor, self.selected_coordinator, self.launching_authority_id, "ALR-055", "deleting"
            )
        return self._move(actor, now, AlertStatus.DELETED, scope_ms=self.launching_ms)

    def _move(
        self,
        actor: Actor | None,
        now: datetime,
        to: AlertStatus,
        *,
        notification: Notification | None = None,
        notify: tuple[str, ...] = (),
        scope_ms: str | None = None,
        justification: str | None = None,
        coordinator_id: str | None = None,
    ) -> list[AlertEvent]:
        old, self.status = self.status, to
        if to is AlertStatus.DELETED:
            self.deleted_at = now
        self._log(
            f"status:{to.value}",
            now,
            actor,
            scope_ms=scope_ms,
            justification=justification,
            old=old.value,
            new=to.value,
        )
        return self._emit(
            AlertStatusChanged(
                **self._base(now, actor),
                old_status=old,
                new_status=to,
                notification=notification,
                notify_authority_ids=notify,
                scope_ms=scope_ms,
                justification=justification,
                coordinator_id=coordinator_id,
            )
        )

    def submit(self, actor: Actor, now: datetime) -> list[AlertEvent]:
        """ALR-016 / ALR-051: the launching handler submits to the selected coordinator."""
        require_aware(now)
        self._require_status([AlertStatus.DRAFT], "ALR-051", "submit")
        require_may_start_new(actor)
        self._require_launching_handler(actor, "ALR-051", "submitting")
        if self.ref_no is None:
            raise InvalidState("ALR-015", "save the draft (which numbers it) before submitting")
        coordinator = self.selected_coordinator
        if (
            coordinator is None
            or coordinator.member_state != self.launching_ms
            or (not actor.links_to(coordinator.authority_id))
        ):
            raise InvalidInput("ALR-051", "choose an alert coordinator linked to the authority")
        if not self.content.recipient_ms:
            raise InvalidInput("ALR-051", "select at least one recipient member state")
        require_complete(self.content)
        self._check_establishment(
            self.content.establishment_ms, self.content.recipient_ms, "ALR-007"
        )
        return self._move(
            actor,
            now,
            AlertStatus.SUBMITTED_FOR_BROADCAST,
            notification=Notification.SUBMITTED,
            notify=(coordinator.authority_id,),
            scope_ms=self.launching_ms,
            coordinator_id=coordinator.authority_id,
        )

    def forward_to_coordinator(
        self, actor: Actor, coordinator: CoordinatorRef, justification: str, now: datetime
    ) -> list[AlertEvent]:
        """ALR-017 / ALR-052: to another alert coordinator of the same state (X-026)."""
        require_aware(now)
        self._require_status([AlertStatus.SUBMITTED_FOR_BROADCAST], "ALR-052", "forward")
        require_may_act(actor)
        current = self.selected_coordinator
        assert current is not None
        require_forwarder_of(actor, current.authority_id, "ALR-017", "forwarding the alert")
        reason = require_justification(justification, "X-026", "forwarding to a coordinator")
        if coordinator.member_state != self.launching_ms:
            raise InvalidInput("ALR-017", "forward only to a coordinator of the same state")
        if coordinator.authority_id == current.authority_id:
            raise InvalidInput("ALR-017", "the alert is already with this coordinator")
        self.selected_coordinator = coordinator
        self._log(
            "forwarded_to_coordinator",
            now,
            actor,
            justification=reason,
            scope_ms=self.launching_ms,
            to=coordinator.authority_id,
        )
        return self._emit(
            AlertForwardedToCoordinator(
                **self._base(now, actor),
                from_coordinator_id=current.authority_id,
                to_coordinator_id=coordinator.authority_id,
                justification=reason,
                notification=Notification.SUBMITTED,
                notify_authority_ids=(coordinator.authority_id,),
                scope_ms=self.launching_ms,
            )
        )

    def accept_for_broadcast(self, actor: Actor, now: datetime) -> list[AlertEvent]:
        """ALR-018 / ALR-053."""
        require_aware(now)
        self._require_status([AlertStatus.SUBMITTED_FOR_BROADCAST], "ALR-053", "accept")
        require_may_act(actor)
        assert self.selected_coordinator is not None
        require_forwarder_of(
            actor,
            self.selected_coordinator.authority_id,
            "ALR-053",
            "accepting the alert for broadcast",
        )
        return self._move(
            actor,
            now,
            AlertStatus.AWAITING_BROADCAST,
            scope_ms=self.launching_ms,
            coordinator_id=self.selected_coordinator.authority_id,
        )
