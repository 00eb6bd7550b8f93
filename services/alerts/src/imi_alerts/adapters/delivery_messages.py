"""The alerts service's own wire messages on `imi.alerts.fanout` and `imi.alerts.deliveries`.

- `alert.distribution_requested` (fanout, partition = originating state): one per origin
  command that recipients must learn of. It carries the alert's state WITHOUT personal data,
  the personal data SEALED under the case key (the alert id), and per recipient participant the
  domain events it may see, with the sequence number of its copy.
- `alert.copy_updated` (deliveries, partition = the recipient participant): what a fan-out
  worker makes of it, one per participant: that participant's projection of the alert (X-011:
  what its users may see), its delivery, the events, and the sealed personal data (never for
  the Commission, `EU`).
- `alert.acknowledged`, `alert.forwarded`, `alert.recipient_removed` (deliveries, partition =
  originating state): what a recipient state's inbox did, for the origin to apply (ALR-022..026).
- `alert.command_relayed` (deliveries, partition = originating state): a command a user of
  another state's deployment took on the alert (`handlers.commands`), for the origin to apply.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict

from imi_shared.envelope import Event, EventCatalog
from imi_shared.participants import MemberState, Participant
from imi_shared.sealing import SealedValue

from ..domain import Actor, DeliveryKind, RecipientAuthority


class RejectedAction(BaseModel):
    """A recipient's action that the origin refused (it raced with another change)."""

    model_config = ConfigDict(frozen=True)

    action_id: str
    rule: str | None = None
    error: str
    command: str | None = None  # a relayed command's name (None: an inbox action)


class CopyTarget(BaseModel):
    model_config = ConfigDict(frozen=True)

    participant: Participant
    seq: int  # of this participant's copy: 1, 2, 3... (order and gap detection)
    events: tuple[dict[str, Any], ...] = ()  # domain event payloads without personal data
    cause_action_id: str | None = None  # the recipient action this update confirms
    rejected_action: RejectedAction | None = None


class _AlertMessage(Event):
    aggregate_type: ClassVar[str] = "alert"
    aggregate_id_field: ClassVar[str] = "alert_id"

    alert_id: str
    number: str | None = None
    origin_ms: MemberState


class DistributionRequested(_AlertMessage):
    event_type: ClassVar[str] = "alert.distribution_requested"

    state: dict[str, Any]  # the Alert aggregate, personal data removed
    sealed_personal_data: SealedValue | None = None
    targets: tuple[CopyTarget, ...]


class CopyUpdated(_AlertMessage):
    event_type: ClassVar[str] = "alert.copy_updated"

    participant: Participant
    seq: int
    kind: DeliveryKind
    alert_status: str  # the global status as this participant may know it (ALR-042)
    delivery: dict[str, Any]  # the participant's `Delivery` at the origin
    view: dict[str, Any]  # `project()` for this participant, personal data removed
    sealed_personal_data: SealedValue | None = None  # never for EU
    events: tuple[dict[str, Any], ...] = ()
    cause_action_id: str | None = None
    rejected_action: RejectedAction | None = None


class _InboxAction(_AlertMessage):
    member_state: Participant  # the recipient state whose inbox acted
    actor: Actor
    occurred_at: AwareDatetime


class InboxAcknowledged(_InboxAction):
    event_type: ClassVar[str] = "alert.acknowledged"


class InboxForwarded(_InboxAction):
    event_type: ClassVar[str] = "alert.forwarded"

    authorities: tuple[RecipientAuthority, ...]


class InboxRecipientRemoved(_InboxAction):
    event_type: ClassVar[str] = "alert.recipient_removed"

    authority_id: str


INBOX_ACTIONS: tuple[type[_InboxAction], ...] = (
    InboxAcknowledged,
    InboxForwarded,
    InboxRecipientRemoved,
)


class CommandRelayed(_InboxAction):
    """A command of `handlers.commands.COMMANDS`, checked where it was taken as far as a copy
    allows; the envelope's event id is the acting copy's pending action id."""

    event_type: ClassVar[str] = "alert.command_relayed"

    command: str
    arguments: dict[str, Any]


def fanout_catalog() -> EventCatalog:
    return EventCatalog(DistributionRequested)


def deliveries_catalog() -> EventCatalog:
    return EventCatalog(CopyUpdated, *INBOX_ACTIONS, CommandRelayed)
