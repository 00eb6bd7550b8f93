"""The alerts service's own wire messages on `imi.alerts.fanout` and `imi.alerts.deliveries`.

- `alert.distribution_requested` 2.0 (fanout, partition = originating state): one per origin
  command that recipients must learn of. In clear only what routing needs (alert id, number,
  origin, per participant its copy's sequence number and the action the update answers); the
  content (`copies.distributed.DistributionContent`: the alert without personal data and each
  participant's events) SEALED under the case key (the alert id), and the personal data sealed
  apart (X-009, X-011, RET-004). `sealed_content` is null only once the case key is shredded
  (RET-013/015): the copies then only advance and settle their actions.
- `alert.copy_updated` 2.0 (deliveries, partition = the recipient participant): what a fan-out
  worker makes of it, one per participant: `copies.distributed.CopyContent` (that
  participant's projection, X-011, its delivery, its events) sealed under the same case key,
  and the sealed personal data (never for the Commission, `EU`).
- 2.1 (issue 9 item 8, docs/KEYS.md) adds `key_owner` to the distribution (the deployment
  holding the case key: only its fan-out workers expand it) and `key_shares` to the copy (the
  case key wrapped for each other deployment serving that participant, imported into that
  deployment's own key store before unsealing). A 2.0 reader ignores both.
- 3.0 (issue 10: changes, not views). The distribution's sealed content names, for each target
  whose copy already holds the alert and whose update a change can say, that change
  (`copies.changes.CopyChange`: statuses, its own delivery, changed items, new history
  entries, events); the others get their projection as in 2.x. The copy carries either
  `sealed_copy` (the whole projection, CopyContent) or `sealed_change` (the change), both under
  the case key, and the sealed personal data only with a whole copy or a change of items. A
  2.x message reads as a 3.0 one with no change (a whole copy); a 2.x reader refuses 3.0
  (dead letter) rather than take a change for a shredded update.
- The 1.0 versions of both (the content in clear) may still be on the topics after an upgrade:
  they are upcast (`legacy_messages`), never dead-lettered, since a dropped update would stall
  the copy's sequence for good.
- `alert.acknowledged`, `alert.forwarded`, `alert.recipient_removed` (deliveries, partition =
  originating state): what a recipient state's inbox did, for the origin to apply (ALR-022..026).
- `alert.command_relayed` 2.0 (deliveries, partition = originating state): a command a user of
  another state's deployment took on the alert (`handlers.commands`), for the origin to apply.
  Its arguments (texts, attachments) are SEALED under the case key (`sealed_arguments`, issue
  9); a 1.0 one (arguments in clear) still on the topic is upcast (`legacy_messages`).
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from imi_shared.envelope import Event
from imi_shared.keys import WrappedForDeployment
from imi_shared.participants import MemberState, Participant
from imi_shared.sealing import SealedValue

from ..domain import Actor, RecipientAuthority


class RejectedAction(BaseModel):
    """A recipient's action that the origin refused (it raced with another change)."""

    model_config = ConfigDict(frozen=True)

    action_id: str = Field(max_length=64)
    rule: str | None = Field(default=None, max_length=32)
    error: str = Field(max_length=2_000)
    command: str | None = Field(default=None, max_length=64)  # None: an inbox action


class CopyTarget(BaseModel):
    """Routing only: which copy, its sequence number, the action the update answers."""

    model_config = ConfigDict(frozen=True)

    participant: Participant
    seq: int  # of this participant's copy: 1, 2, 3... (order and gap detection)
    cause_action_id: str | None = Field(default=None, max_length=64)
    rejected_action: RejectedAction | None = None


class _AlertMessage(Event):
    aggregate_type: ClassVar[str] = "alert"
    aggregate_id_field: ClassVar[str] = "alert_id"

    alert_id: str
    number: str | None = None
    origin_ms: MemberState


class DistributionRequested(_AlertMessage):
    event_type: ClassVar[str] = "alert.distribution_requested"
    schema_version: ClassVar[str] = "3.0"

    targets: tuple[CopyTarget, ...] = Field(max_length=31)
    sealed_content: SealedValue | None  # DistributionContent; null: case key shredded
    sealed_personal_data: SealedValue | None = None
    key_owner: str | None = Field(default=None, max_length=64)  # None: any worker (one store)


class CopyUpdated(_AlertMessage):
    event_type: ClassVar[str] = "alert.copy_updated"
    schema_version: ClassVar[str] = "3.0"

    participant: Participant
    seq: int
    sealed_copy: SealedValue | None  # CopyContent; null: a change, or the case key shredded
    sealed_change: SealedValue | None = None  # CopyChange (3.0); both null: key shredded
    sealed_personal_data: SealedValue | None = None  # never for EU
    cause_action_id: str | None = Field(default=None, max_length=64)
    rejected_action: RejectedAction | None = None
    key_shares: tuple[WrappedForDeployment, ...] = Field(default=(), max_length=8)


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
    schema_version: ClassVar[str] = "2.0"

    command: str = Field(max_length=64)
    sealed_arguments: SealedValue  # the command's JSON arguments, under the case key
