"""The actions a copy's own mailbox takes (ALR-022..026, ALR-058..060) or relays to the origin
(ALR-080), and the entries of its event list (pure; kept with `model.InboxCopy`)."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from ..domain import Actor, Delivery, RecipientAuthority

InboxActionKind = Literal["acknowledge", "forward", "remove"]
#: the rule each inbox action answers to (ALR-058, ALR-059, ALR-060)
INBOX_ACTION_RULES: dict[str, str] = {
    "acknowledge": "ALR-058",
    "forward": "ALR-059",
    "remove": "ALR-060",
}


class LocalAction(BaseModel):
    model_config = ConfigDict(frozen=True)

    action_id: str
    kind: InboxActionKind
    actor: Actor
    at: AwareDatetime
    authorities: tuple[RecipientAuthority, ...] = ()
    authority_id: str | None = None
    status_at_removal: str | None = None

    def apply_to(self, delivery: Delivery) -> None:
        if self.kind == "acknowledge":
            delivery.acknowledge(self.actor, self.at)
        elif self.kind == "forward":
            delivery.add_recipients(self.actor, self.authorities, self.at)
        else:
            assert self.authority_id is not None
            delivery.remove_recipient(
                self.actor, self.authority_id, self.at, self.status_at_removal or "broadcast"
            )


class RelayedAction(BaseModel):
    """A command relayed to the origin from this copy's deployment, until it answers."""

    model_config = ConfigDict(frozen=True)

    action_id: str
    command: str
    actor: Actor
    at: AwareDatetime


class CopyEvent(BaseModel):
    """One entry of the copy's ordered event list."""

    seq: int
    event_type: str
    occurred_at: AwareDatetime
    actor_authority_id: str | None = None
    actor_member_state: str | None = None
