"""A participant's copy of an alert in its deployment's inbox (pure; no I/O).

The copy is kept from the origin's `alert.copy_updated` messages, applied strictly in their
sequence order (an early arrival waits in `buffered`; a repeated one has no effect): the whole
projection (`CopyContent`) or a change to the view held (`changes.CopyChange`, issue 10). The
recipient state's own inbox actions (acknowledge, forward, remove a recipient: ALR-022..026)
are checked by the domain's `Delivery` rules and applied to the copy at once; until the origin
confirms one (`cause_action_id`) or refuses it (`rejected_action`), it is replayed over every
newer copy from the origin, so the copy never shows a state older than what was done locally.
Commands relayed to the origin (`handlers.relay`) wait in `relayed_actions` until answered the
same way; they change nothing on the copy until the origin's update shows their effect.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict

from ..adapters.delivery_messages import CopyUpdated
from ..adapters.legacy_messages import CopyUpdatedV1
from ..domain import (
    ACTIVE_STATUSES,
    Conflict,
    Delivery,
    DeliveryKind,
    DomainError,
    RecipientMsStatus,
)
from .actions import (
    INBOX_ACTION_RULES,
    CopyEvent,
    InboxActionKind,
    LocalAction,
    RelayedAction,
)
from .changes import CopyChange, apply_change
from .distributed import CopyContent

REDUCED_STATUSES = ("withdrawn", "closed")


class InboxCopy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    alert_id: str
    participant: str
    origin_ms: str | None = None
    number: str | None = None
    kind: DeliveryKind | None = None
    alert_status: str | None = None
    delivery: Delivery | None = None
    view: dict[str, Any] | None = None
    sealed_personal_data: dict[str, Any] | None = None
    next_seq: int = 1
    buffered: dict[str, dict[str, Any]] = {}
    local_actions: list[LocalAction] = []
    relayed_actions: list[RelayedAction] = []
    rejected_actions: list[dict[str, Any]] = []
    events: list[CopyEvent] = []
    updated_at: AwareDatetime | None = None

    @property
    def delivered(self) -> bool:
        return self.delivery is not None

    @property
    def status(self) -> str:
        """awaiting_acknowledgement | acknowledged | forwarded, or withdrawn | closed."""
        if self.alert_status in REDUCED_STATUSES:
            return self.alert_status
        assert self.delivery is not None
        if self.delivery.status is RecipientMsStatus.AWAITING_ACKNOWLEDGEMENT:
            return RecipientMsStatus.AWAITING_ACKNOWLEDGEMENT.value
        if self.delivery.first_forwarded_at is not None:
            return "forwarded"
        return RecipientMsStatus.ACKNOWLEDGED.value

    def authority_ids(self) -> list[str]:
        """Every authority on this participant's recipient list, removed ones included."""
        if self.delivery is None:
            return []
        return list(dict.fromkeys(r.authority_id for r in self.delivery.recipients))

    # -- from the origin ------------------------------------------------------------------
    def receive(
        self,
        update: CopyUpdated,
        content: CopyContent | None,
        *,
        keep_personal_data: bool,
        now: datetime,
        change: CopyChange | None = None,
    ) -> bool:
        """Apply `update` with its opened `content` or `change` (both None: the case key is
        shredded, only the sequence and the actions move) and any buffered successors, in
        order; False if it changed nothing."""
        if update.seq < self.next_seq or str(update.seq) in self.buffered:
            return False
        if update.seq > self.next_seq:
            self.buffered[str(update.seq)] = {
                "update": update.model_dump(mode="json"),
                "content": content.model_dump(mode="json") if content else None,
                "change": change.model_dump(mode="json") if change else None,
            }
            return True
        self._apply(update, content, change, keep_personal_data)
        while str(self.next_seq) in self.buffered:
            self._apply(*_buffered(self.buffered.pop(str(self.next_seq))), keep_personal_data)
        self.updated_at = now
        return True

    def _apply(
        self,
        update: CopyUpdated,
        content: CopyContent | None,
        change: CopyChange | None,
        keep_personal_data: bool,
    ) -> None:
        self.origin_ms, self.number = update.origin_ms, update.number
        if content is not None:
            self.kind, self.alert_status = content.kind, content.alert_status
            self.view = content.view.model_dump(mode="json")
        sealed = update.sealed_personal_data if keep_personal_data else None
        if content is not None or (change is not None and change.personal_data):
            self.sealed_personal_data = sealed.model_dump(mode="json") if sealed else None
        elif change is None:
            self.sealed_personal_data = None  # the case key is shredded (RET-013)
        settled = {update.cause_action_id}
        if update.rejected_action is not None:
            settled.add(update.rejected_action.action_id)
            self.rejected_actions.append(update.rejected_action.model_dump(mode="json"))
        self.local_actions = [a for a in self.local_actions if a.action_id not in settled]
        self.relayed_actions = [a for a in self.relayed_actions if a.action_id not in settled]
        self.next_seq = update.seq + 1
        if change is not None:
            self.alert_status = change.alert_status
            self.view = apply_change(self.view, change)
        elif content is None:
            return  # the case key is shredded: the copy keeps what it holds (RET-013)
        source = change if change is not None else content
        assert source is not None
        if source.delivery is not None:  # a change may leave the delivery as it is
            # the local actions below change the delivery: never the update's own (issue 10:
            # copied only then, a deep copy per copy was most of the inbox's time)
            self.delivery = (
                source.delivery.model_copy(deep=True) if self.local_actions else source.delivery
            )
            for action in self.local_actions:
                try:
                    action.apply_to(self.delivery)
                except DomainError:
                    pass  # the origin will refuse it too, and say so
        for event in source.events:
            self.events.append(
                CopyEvent(
                    seq=len(self.events) + 1,
                    event_type=event.event_type,
                    occurred_at=event.occurred_at,
                    actor_authority_id=event.actor_authority_id,
                    actor_member_state=event.actor_member_state,
                )
            )

    # -- the recipient state's own inbox actions (ALR-022..026, ALR-058..060) ---------------
    def require_open_for(self, kind: InboxActionKind) -> None:
        """ALR-059 / ALR-060: recipients change only while the alert is active; an
        acknowledgement (ALR-058) is always checked by the delivery's own rules."""
        if kind != "acknowledge" and self.alert_status not in ACTIVE_STATUSES:
            raise Conflict(
                INBOX_ACTION_RULES[kind],
                f"the alert is {self.alert_status}: no more recipient changes",
            )

    def act(self, action: LocalAction) -> None:
        """Check `action` with the domain's rules and apply it; raises `DomainError`."""
        assert self.delivery is not None
        action.apply_to(self.delivery)
        self.local_actions.append(action)

    def relay(self, action: RelayedAction) -> None:
        """A command sent to the origin: pending until its answer arrives (ALR-080)."""
        self.relayed_actions.append(action)
        self.updated_at = action.at

    @property
    def pending_actions(self) -> int:
        return len(self.local_actions) + len(self.relayed_actions)


def _buffered(
    waiting: dict[str, Any],
) -> tuple[CopyUpdated, CopyContent | None, CopyChange | None]:
    """A buffered update; one buffered before the upgrade is a 1.0 `alert.copy_updated`."""
    if "update" not in waiting:
        return (*CopyUpdatedV1.model_validate(waiting).upcast(), None)
    content, change = waiting["content"], waiting.get("change")
    return (
        CopyUpdated.model_validate(waiting["update"]),
        CopyContent.model_validate(content) if content else None,
        CopyChange.model_validate(change) if change else None,
    )
