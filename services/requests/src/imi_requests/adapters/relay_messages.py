"""What travels between the deployments that hold a request (X-001, X-011): on
`imi.requests.events`, each on the partition of the state it is for.

- `request.replicated` (partition: the other side's state): the owner's whole state of the
  request after a change, SEALED under the case key (the request id), with the key wrapped for
  the deployments serving that state (`key_shares`, imi_shared.keys.sharing) when deployments
  keep their own keys. `revision` orders the states: a replica takes only a newer one.
- `request.command_relayed` (partition: the owner's state): a command a user of the other
  side took on its replica, for the owner to apply with the same handler; its arguments
  SEALED under the case key. In clear only ids, the command's name and the caller's roles.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from imi_shared.envelope import Event
from imi_shared.keys import WrappedForDeployment
from imi_shared.participants import Participant
from imi_shared.sealing import SealedValue

ID = 64


class RequestReplicated(Event):
    event_type: ClassVar[str] = "request.replicated"
    aggregate_type: ClassVar[str] = "request"
    aggregate_id_field: ClassVar[str] = "request_id"
    partition_field: ClassVar[str] = "target_member_state"

    request_id: str = Field(max_length=ID)
    revision: int = Field(ge=1)
    owner_member_state: Participant
    target_member_state: Participant
    sealed_state: SealedValue
    key_shares: tuple[WrappedForDeployment, ...] = Field(default=(), max_length=8)


class CommandRelayed(Event):
    event_type: ClassVar[str] = "request.command_relayed"
    aggregate_type: ClassVar[str] = "request"
    aggregate_id_field: ClassVar[str] = "request_id"
    partition_field: ClassVar[str] = "owner_member_state"

    request_id: str = Field(max_length=ID)
    command: str = Field(max_length=80)
    owner_member_state: Participant
    actor_user_id: str = Field(max_length=ID)
    actor_authority_id: str = Field(max_length=ID)
    actor_member_state: Participant
    actor_rights: dict[str, tuple[str, ...]] = Field(default_factory=dict, max_length=50)
    sealed_command: SealedValue


class CommandRefused(Event):
    """The owner refused a relayed command (it raced with another change): back to the
    relaying state's partition, kept on the replica for the caller's authority to see."""

    event_type: ClassVar[str] = "request.command_refused"
    aggregate_type: ClassVar[str] = "request"
    aggregate_id_field: ClassVar[str] = "request_id"
    partition_field: ClassVar[str] = "actor_member_state"

    request_id: str = Field(max_length=ID)
    command: str = Field(max_length=80)
    actor_user_id: str = Field(max_length=ID)
    actor_authority_id: str = Field(max_length=ID)
    actor_member_state: Participant
    rule: str = Field(max_length=32)
    error: str = Field(max_length=500)


RELAYED: tuple[type[Event], ...] = (RequestReplicated, CommandRelayed, CommandRefused)
