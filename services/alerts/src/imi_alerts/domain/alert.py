"""The `Alert` aggregate root: launch, plus every command mixin, plus the hooks driven by other
services' events (directory parameters, retention locks).

Command order: status guard first (the table row's rule), then the actor's access (ALR-013),
then the role/right/authority/state checks, then the data checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from .actors import Actor
from .content import AlertContent, ContentChanges, check_checklist
from .enums import AlertStatus
from .errors import Forbidden, InvalidState
from .personal_data import content_without_personal_data, personal_data_record
from .rights import require_handler, require_may_start_new
from .state import require_aware
from .withdrawing import WithdrawalCommands


class Alert(WithdrawalCommands):
    @classmethod
    def launch(
        cls,
        *,
        alert_id: str,
        actor: Actor,
        checklist: Mapping[str, bool],
        criteria: Iterable[str],
        now: datetime,
        changes: ContentChanges | None = None,
    ) -> Alert:
        """ALR-014 / ALR-049: an alert handler of an alert authority or coordinator, with
        `active` access, launches an alert once every sending criterion is met. The alert is
        numbered when first saved (`save_draft`, ALR-015)."""
        require_aware(now)
        if not actor.is_commission and not actor.has_alert_role:
            raise Forbidden("ALR-008", "only alert authorities and coordinators launch alerts")
        require_may_start_new(actor)
        require_handler(actor, "ALR-049", "launching an alert")
        answers = check_checklist(checklist, criteria)
        alert = cls(
            alert_id=alert_id,
            launching_authority_id=actor.authority_id,
            launching_ms=actor.member_state,
            launched_by_user_id=actor.user_id,
            launched_at=now,
            content=AlertContent(checklist=answers),
        )
        if changes is not None:
            alert.content = alert._validated(changes.apply_to(alert.content), "ALR-014")
        alert._log("launched", now, actor, scope_ms=actor.member_state)
        return alert

    # -- hooks from other services' events --------------------------------------------------
    def apply_coordinator_parameters(self, coordinator_id: str, final_approval: bool) -> None:
        """DIR-037 changed for a coordinator (`authority.parameters_changed`): refresh every
        reference this alert keeps to it, so the final-approval rule uses the current value."""

        def refresh(ref):
            if ref is not None and ref.authority_id == coordinator_id:
                return ref.model_copy(update={"final_approval": final_approval})
            return ref

        self.selected_coordinator = refresh(self.selected_coordinator)
        for item in self.items:
            item.submitted_to = refresh(item.submitted_to)
        for proposal in self.closure_proposals:
            proposal.closure_coordinator = refresh(proposal.closure_coordinator)

    def lock_personal_data(self, now: datetime) -> None:
        """X-052 `case.locked`: personal data is no longer shown (X-011 last row: as closed)."""
        require_aware(now)
        if self.status not in (AlertStatus.CLOSED, AlertStatus.WITHDRAWN):
            raise InvalidState("X-011", "only a closed or withdrawn alert is locked (RET-003)")
        if not self.pd_locked:
            self.pd_locked = True
            self._log("personal_data_locked", now)

    def purge_personal_data(self, now: datetime) -> None:
        """X-052 `case.pd_deleted`: drop the PD-flagged provider fields and every attachment."""
        require_aware(now)
        if self.pd_deleted:
            return
        if not self.pd_locked:
            self.lock_personal_data(now)
        self._drop_personal_data()
        self.pd_deleted = True
        self._log("personal_data_deleted", now)

    def _drop_personal_data(self) -> None:
        self.content = content_without_personal_data(self.content)
        for item in self.items:
            item.attachments = ()

    def personal_data(self) -> dict:
        """X-009: the alert's personal data (JSON form), the part that is sealed."""
        return personal_data_record(self.content, self.items)

    def without_personal_data(self) -> Alert:
        """X-009 / X-011: a copy of the alert with every piece of personal data left out."""
        copy = self.model_copy(deep=True)
        copy._drop_personal_data()
        return copy
