"""The `Alert` aggregate root, composed of small parts (issue 8):

- the record (identity, status, content, history, pending events: the fields below; helpers in
  `record`),
- the collections, each a part owning its entries and queries: `Deliveries`, `Items`,
  `ClosureProposals`, `Withdrawals` (stored under the same field names as before),
- the commands, plain functions grouped by topic (`prebroadcast`, `broadcasting`,
  `modification`, `recipients`, `information`, `closure_procedure`, `closure_ending`,
  `withdrawal_procedure`, `retention`), each taking the record and the parts it needs.

The methods below are one-line delegations. Command order, rights first (X-010, issue 9):
the actor's access (ALR-013), then the role/right/authority/state checks that need nothing
pending (a coordinator not yet known: the right alone), then the status guard (the table row's
rule), then what needs the pending item (its coordinator, its status), then the data checks. Every command takes an injected `now`, appends to the immutable history
(X-025), and returns the events it raised (also kept until the unit of work pulls them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, PrivateAttr

from imi_shared.participants import MemberState

from . import (
    broadcasting,
    closure_ending,
    closure_procedure,
    information,
    modification,
    prebroadcast,
    retention,
    withdrawal_procedure,
)
from . import recipients as recipient_commands
from .actors import Actor, CoordinatorRef, RecipientAuthority
from .closure_proposal import ClosurePeriods, ClosureProposal, ClosureProposals
from .content import AlertContent, Attachment, ContentChanges, FreeText, check_checklist
from .deliveries import Deliveries
from .enums import AdditionalInfoType, AlertStatus
from .errors import Forbidden
from .events import AlertEvent
from .history import HistoryEntry
from .items import AlertItem, Items
from .personal_data import personal_data_record
from .prebroadcast import AlertNumberSource
from .record import log, require_aware, responsible_ms
from .rights import require_handler, require_may_start_new
from .withdrawals import Withdrawal, Withdrawals

Events = list[AlertEvent]


class Alert(BaseModel):
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
    deliveries: Deliveries = Field(default_factory=Deliveries)
    items: Items = Field(default_factory=Items)
    closure_proposals: ClosureProposals = Field(default_factory=ClosureProposals)
    withdrawals: Withdrawals = Field(default_factory=Withdrawals)
    history: tuple[HistoryEntry, ...] = ()
    pd_locked: bool = False
    pd_deleted: bool = False

    _events: Events = PrivateAttr(default_factory=list)

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
            alert.content = prebroadcast.validated(
                alert, changes.apply_to(alert.content), "ALR-014"
            )
        log(alert, "launched", now, actor, scope_ms=actor.member_state)
        return alert

    # -- events ----------------------------------------------------------------------------
    @property
    def pending_events(self) -> Events:
        return self._events

    @property
    def events(self) -> Events:
        """Events raised since the last `pull_events` (collected by the unit of work)."""
        return list(self._events)

    def pull_events(self) -> Events:
        pulled, self._events = self._events, []
        return pulled

    # -- queries ---------------------------------------------------------------------------
    @property
    def responsible_ms(self) -> str:
        return responsible_ms(self)

    @property
    def closure(self) -> ClosureProposal | None:
        """The pending closure proposal, if any."""
        return self.closure_proposals.pending

    @property
    def pending_withdrawal(self) -> Withdrawal | None:
        return self.withdrawals.pending

    def active_recipient_ids(self, member_state: str | None = None) -> tuple[str, ...]:
        return self.deliveries.active_recipient_ids(member_state)

    def involved_coordinator_ids(self) -> set[str]:
        """Coordinators that items or closure proposals were submitted to: they must see them."""
        return self.items.coordinator_ids() | self.closure_proposals.coordinator_ids()

    def visible_status(self, participant: str) -> str:
        return recipient_commands.visible_status(self, self.deliveries, participant)

    def comments(self, proposal: ClosureProposal) -> list[AlertItem]:
        return self.items.comments_on(proposal.proposal_id)

    def delivery_overview(self) -> dict[str, object]:
        return broadcasting.delivery_overview(self)

    def require_coordinator_choice_open(self) -> None:
        prebroadcast.require_coordinator_choice_open(self)

    # -- before broadcast (prebroadcast, broadcasting) -------------------------------------
    def save_draft(self, actor: Actor, number_source: AlertNumberSource, now: datetime) -> Events:
        return prebroadcast.save_draft(self, actor, number_source, now)

    def select_coordinator(
        self, actor: Actor, coordinator: CoordinatorRef | None, now: datetime
    ) -> Events:
        return prebroadcast.select_coordinator(self, actor, coordinator, now)

    def delete(self, actor: Actor, now: datetime) -> Events:
        return prebroadcast.delete(self, actor, now)

    def submit(self, actor: Actor, now: datetime) -> Events:
        return prebroadcast.submit(self, actor, now)

    def forward_to_coordinator(
        self, actor: Actor, coordinator: CoordinatorRef | None, justification: str, now: datetime
    ) -> Events:
        return prebroadcast.forward_to_coordinator(self, actor, coordinator, justification, now)

    def accept_for_broadcast(self, actor: Actor, now: datetime) -> Events:
        return prebroadcast.accept_for_broadcast(self, actor, now)

    def require_broadcaster(self, actor: Actor) -> None:
        broadcasting.require_broadcaster(self, actor)

    def broadcast(
        self, actor: Actor, inboxes: Mapping[str, Sequence[str]], now: datetime
    ) -> Events:
        return broadcasting.broadcast(self, self.deliveries, actor, inboxes, now)

    # -- changes (modification) ------------------------------------------------------------
    def require_editor(self, actor: Actor) -> None:
        modification.require_editor(self, actor)

    def edit(self, actor: Actor, changes: ContentChanges, now: datetime) -> Events:
        return modification.edit(self, self.deliveries, actor, changes, now)

    def change_establishment(self, actor: Actor, establishment_ms: str, now: datetime) -> Events:
        return modification.change_establishment(
            self, self.deliveries, actor, establishment_ms, now
        )

    def add_recipient_ms(
        self,
        actor: Actor,
        member_state: str,
        now: datetime,
        inbox_authority_ids: Sequence[str] = (),
    ) -> Events:
        return modification.add_recipient_ms(
            self, self.deliveries, actor, member_state, now, inbox_authority_ids
        )

    # -- recipient side (recipients) -------------------------------------------------------
    def acknowledge(self, actor: Actor, now: datetime) -> Events:
        return recipient_commands.acknowledge(self, self.deliveries, actor, now)

    def forward_within_ms(
        self, actor: Actor, authorities: Sequence[RecipientAuthority], now: datetime
    ) -> Events:
        return recipient_commands.forward_within_ms(self, self.deliveries, actor, authorities, now)

    def remove_recipient(self, actor: Actor, authority_id: str, now: datetime) -> Events:
        return recipient_commands.remove_recipient(self, self.deliveries, actor, authority_id, now)

    # -- additional information (information) ----------------------------------------------
    def submit_information(
        self,
        actor: Actor,
        info_type: AdditionalInfoType,
        text: FreeText,
        coordinator: CoordinatorRef | None,
        now: datetime,
        *,
        attachments: Sequence[Attachment] = (),
        addressed_to_ms: str | None = None,
    ) -> Events:
        parts = (self, self.deliveries, self.items, self.closure_proposals)
        return information.submit_information(
            *parts, actor, info_type, text, coordinator, now,
            attachments=attachments, addressed_to_ms=addressed_to_ms,
        )  # fmt: skip

    def edit_information(
        self,
        actor: Actor,
        item_id: str,
        now: datetime,
        *,
        text: FreeText | None = None,
        attachments: Sequence[Attachment] | None = None,
    ) -> Events:
        return information.edit_information(
            self, self.items, actor, item_id, now, text=text, attachments=attachments
        )

    def delete_information(self, actor: Actor, item_id: str, now: datetime) -> Events:
        return information.delete_information(self, self.items, actor, item_id, now)

    def broadcast_information(self, actor: Actor, item_id: str, now: datetime) -> Events:
        return information.broadcast_information(
            self, self.deliveries, self.items, actor, item_id, now
        )

    # -- closure (closure_procedure) -------------------------------------------------------
    def propose_closure(
        self,
        actor: Actor,
        coordinator: CoordinatorRef | None,
        text: FreeText,
        periods: ClosurePeriods,
        now: datetime,
    ) -> Events:
        parts = (self, self.deliveries, self.closure_proposals)
        return closure_procedure.propose_closure(*parts, actor, coordinator, text, periods, now)

    def comment_on_closure(self, actor: Actor, text: FreeText, now: datetime) -> Events:
        parts = (self, self.deliveries, self.items, self.closure_proposals)
        return closure_procedure.comment_on_closure(*parts, actor, text, now)

    def edit_closure_proposal(self, actor: Actor, text: FreeText, now: datetime) -> Events:
        return closure_procedure.edit_closure_proposal(
            self, self.closure_proposals, actor, text, now
        )

    def cancel_closure_proposal(self, actor: Actor, now: datetime) -> Events:
        parts = (self, self.deliveries, self.closure_proposals)
        return closure_procedure.cancel_closure_proposal(*parts, actor, now)

    def expire_periods(self, now: datetime) -> Events:
        return closure_ending.expire_periods(self, self.closure_proposals, now)

    def broadcast_closure_proposal(
        self,
        actor: Actor,
        periods: ClosurePeriods,
        now: datetime,
        comment_ids: Iterable[str] | None = None,
    ) -> Events:
        parts = (self, self.deliveries, self.items, self.closure_proposals)
        return closure_ending.broadcast_closure_proposal(*parts, actor, periods, now, comment_ids)

    def close(self, actor: Actor, now: datetime) -> Events:
        return closure_ending.close(self, self.deliveries, self.closure_proposals, actor, now)

    # -- withdrawal (withdrawal_procedure) -------------------------------------------------
    def submit_withdrawal(self, actor: Actor, justification: str, now: datetime) -> Events:
        parts = (self, self.deliveries, self.withdrawals)
        return withdrawal_procedure.submit_withdrawal(*parts, actor, justification, now)

    def broadcast_withdrawal(self, actor: Actor, now: datetime) -> Events:
        parts = (self, self.deliveries, self.withdrawals)
        return withdrawal_procedure.broadcast_withdrawal(*parts, actor, now)

    def cancel_withdrawal(self, actor: Actor, now: datetime) -> Events:
        return withdrawal_procedure.cancel_withdrawal(self, self.withdrawals, actor, now)

    # -- hooks from other services' events (directory, retention) --------------------------
    def apply_coordinator_parameters(self, coordinator_id: str, final_approval: bool) -> None:
        """DIR-037 changed for a coordinator (`authority.parameters_changed`): refresh every
        reference this alert keeps to it, so the final-approval rule uses the current value."""
        chosen = self.selected_coordinator
        if chosen is not None and chosen.authority_id == coordinator_id:
            self.selected_coordinator = chosen.model_copy(update={"final_approval": final_approval})
        self.items.refresh_coordinator(coordinator_id, final_approval)
        self.closure_proposals.refresh_coordinator(coordinator_id, final_approval)

    def lock_personal_data(self, now: datetime) -> None:
        retention.lock_personal_data(self, now)

    def purge_personal_data(self, now: datetime) -> None:
        retention.purge_personal_data(self, self.items, now)

    def personal_data(self) -> dict:
        """X-009: the alert's personal data (JSON form), the part that is sealed."""
        return personal_data_record(self.content, list(self.items))

    def without_personal_data(self) -> Alert:
        """X-009 / X-011: a copy of the alert with every piece of personal data left out."""
        copy = self.model_copy(deep=True)
        retention.drop_personal_data(copy, copy.items)
        return copy
