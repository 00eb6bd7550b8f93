"""The alert's content as it travels, SEALED under the case key, to the fan-out workers and the
copies (issue 8; X-009, X-011, RET-004, ALR-021). Pure: no I/O.

These are wire models of their own, versioned with `alert.distribution_requested` and
`alert.copy_updated` (2.0; 3.0 adds the changes of `copies.changes`), not the `Alert`
aggregate's stored shape: explicit fields, bounded
lists and texts, and no personal data (X-009: the PD travels sealed apart, and never to the
Commission). `DistributedAlert.to_alert` rebuilds what `domain.project` needs.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from imi_shared.participants import MemberState, Participant

from ..domain import (
    Alert,
    AlertContent,
    AlertEvent,
    AlertStatus,
    AlertView,
    CoordinatorRef,
    Delivery,
    DeliveryKind,
    FreeText,
    ProviderField,
)
from ..domain.closure_proposal import ClosureProposal
from ..domain.history import HistoryEntry
from ..domain.items import AlertItem
from ..domain.personal_data import content_without_personal_data
from ..domain.withdrawals import Withdrawal

MAX_TEXT = 20_000
Id = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Code = Annotated[str, StringConstraints(max_length=200)]


class _Wire(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DistributedAlert(_Wire):
    """Everything the copies' projections need, personal data removed (X-009)."""

    alert_id: Id
    ref_no: Id | None = None
    status: AlertStatus
    launching_authority_id: Id
    launching_ms: MemberState
    launched_by_user_id: Id
    launched_at: AwareDatetime
    selected_coordinator: CoordinatorRef | None = None
    checklist: dict[Code, bool] = Field(default_factory=dict, max_length=100)
    provider_non_personal: tuple[ProviderField, ...] = Field(default=(), max_length=200)
    service_activity_code: Code | None = None
    establishment_ms: Code
    description: FreeText | None = None
    recipient_ms: tuple[Code, ...] = Field(default=(), max_length=31)
    suggested_recipients: FreeText | None = None
    broadcast_at: AwareDatetime | None = None
    closed_at: AwareDatetime | None = None
    withdrawn_at: AwareDatetime | None = None
    deliveries: dict[Participant, Delivery] = Field(default_factory=dict, max_length=31)
    items: tuple[AlertItem, ...] = Field(default=(), max_length=2_000)
    closure_proposals: tuple[ClosureProposal, ...] = Field(default=(), max_length=200)
    withdrawals: tuple[Withdrawal, ...] = Field(default=(), max_length=200)
    history: tuple[HistoryEntry, ...] = Field(default=(), max_length=20_000)
    pd_locked: bool = False
    pd_deleted: bool = False

    @model_validator(mode="after")
    def _bounded_texts(self) -> DistributedAlert:
        texts = [t.text for t in (self.description, self.suggested_recipients) if t]
        texts += [f.value for f in self.provider_non_personal]
        texts += [i.text.text for i in self.items] + [c.text.text for c in self.closure_proposals]
        texts += [w.justification for w in self.withdrawals]
        texts += [h.justification for h in self.history if h.justification]
        if any(len(t) > MAX_TEXT for t in texts):
            raise ValueError(f"a free text of the alert is longer than {MAX_TEXT} characters")
        return self

    @classmethod
    def from_alert(cls, alert: Alert) -> DistributedAlert:
        """X-009: the alert without its personal data: the content's non-PD provider fields
        (`content_without_personal_data`) and no attachment, as `Alert.without_personal_data`
        leaves it, without copying the rest of the alert (issue 10: a deep copy of the whole
        alert at each broadcast); the parts taken as they are are only read (this model is
        frozen and serialized at once)."""
        content = content_without_personal_data(alert.content)
        items = tuple(i.model_copy(update={"attachments": ()}) for i in alert.items)
        return cls(
            alert_id=alert.alert_id,
            ref_no=alert.ref_no,
            status=alert.status,
            launching_authority_id=alert.launching_authority_id,
            launching_ms=alert.launching_ms,
            launched_by_user_id=alert.launched_by_user_id,
            launched_at=alert.launched_at,
            selected_coordinator=alert.selected_coordinator,
            checklist=dict(content.checklist),
            provider_non_personal=content.non_personal_provider(),
            service_activity_code=content.service_activity_code,
            establishment_ms=content.establishment_ms,
            description=content.description,
            recipient_ms=content.recipient_ms,
            suggested_recipients=content.suggested_recipients,
            broadcast_at=alert.broadcast_at,
            closed_at=alert.closed_at,
            withdrawn_at=alert.withdrawn_at,
            deliveries=dict(alert.deliveries.items()),
            items=items,
            closure_proposals=tuple(alert.closure_proposals),
            withdrawals=tuple(alert.withdrawals),
            history=alert.history,
            pd_locked=alert.pd_locked,
            pd_deleted=alert.pd_deleted,
        )

    def to_alert(self) -> Alert:
        """The alert (without personal data) that `domain.project` projects for a copy."""
        content = AlertContent(
            checklist=self.checklist,
            provider=self.provider_non_personal,
            service_activity_code=self.service_activity_code,
            establishment_ms=self.establishment_ms,
            description=self.description,
            recipient_ms=self.recipient_ms,
            suggested_recipients=self.suggested_recipients,
        )
        fields = self.model_dump(
            exclude={
                "checklist",
                "provider_non_personal",
                "service_activity_code",
                "establishment_ms",
                "description",
                "recipient_ms",
                "suggested_recipients",
            },
            mode="json",
        )
        return Alert.model_validate({**fields, "content": content.model_dump(mode="json")})


class TargetEvent(_Wire):
    """One domain event as a copy lists it (no user ids: RET-004)."""

    event_type: Code
    occurred_at: AwareDatetime
    actor_authority_id: Code | None = None
    actor_member_state: Code | None = None

    @classmethod
    def of(cls, event: AlertEvent) -> TargetEvent:
        actor = getattr(event, "actor", None)
        return cls(
            event_type=event.event_type,
            occurred_at=event.occurred_at,
            actor_authority_id=getattr(actor, "authority_id", None),
            actor_member_state=getattr(actor, "member_state", None),
        )


class DistributionContent(_Wire):
    """The sealed part of `alert.distribution_requested` 3.0: the alert (for the participants
    whose copy is projected whole, with their events; None when every target gets a change)
    and each other target's change (`copies.changes.CopyChange`, JSON: read by the fan-out
    worker without this module importing that one). A 2.x content has no changes."""

    alert: DistributedAlert | None = None
    events: dict[Participant, tuple[TargetEvent, ...]] = Field(default_factory=dict, max_length=31)
    changes: dict[Participant, dict[str, Any]] = Field(default_factory=dict, max_length=31)


class CopyContent(_Wire):
    """The sealed part of `alert.copy_updated` 2.0: one participant's projection (X-011)."""

    kind: DeliveryKind
    alert_status: Code  # the global status as this participant may know it (ALR-042)
    delivery: Delivery
    view: AlertView  # `project()` for this participant, personal data removed
    events: tuple[TargetEvent, ...] = Field(default=(), max_length=1_000)
