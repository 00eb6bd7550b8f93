"""The 1.0 fan-out and relay messages, read only to upcast those still on the topics after an
upgrade.

`alert.distribution_requested` 1.0 carried the alert's stored shape (without personal data) in
clear, and `alert.copy_updated` 1.0 the projection and delivery in clear. Dead-lettering them
would leave a gap in each copy's sequence that no later update fills (the copy would buffer
forever), so the worker and the inbox UPCAST them: their content becomes the 2.0 content
(`copies.distributed`), and the copies the worker makes of a 1.0 distribution are sealed like
any other. `alert.command_relayed` 1.0 carried the command's arguments in clear: it is still
applied, with them (its pending action would otherwise never be answered). Nothing publishes
1.0 any more. A major above 2 is still refused (dead letter).
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict

from imi_shared.envelope import Envelope, Event, EventCatalog, InvalidPayload
from imi_shared.participants import MemberState, Participant
from imi_shared.sealing import SealedValue

from ..copies.distributed import CopyContent, DistributedAlert, DistributionContent, TargetEvent
from ..domain import Actor, Alert
from .delivery_messages import (
    INBOX_ACTIONS,
    CommandRelayed,
    CopyTarget,
    CopyUpdated,
    DistributionRequested,
    RejectedAction,
)


class _V1(Event):
    model_config = ConfigDict(frozen=True, extra="ignore")
    aggregate_type: ClassVar[str] = "alert"
    aggregate_id_field: ClassVar[str] = "alert_id"
    schema_version: ClassVar[str] = "1.0"

    alert_id: str
    number: str | None = None
    origin_ms: MemberState


class _TargetV1(BaseModel):
    participant: Participant
    seq: int
    events: tuple[dict[str, Any], ...] = ()
    cause_action_id: str | None = None
    rejected_action: RejectedAction | None = None


class DistributionRequestedV1(_V1):
    event_type: ClassVar[str] = DistributionRequested.event_type

    state: dict[str, Any]
    sealed_personal_data: SealedValue | None = None
    targets: tuple[_TargetV1, ...]

    def upcast(self) -> tuple[DistributionRequested, DistributionContent]:
        """The 2.0 message (content opened already) and its content."""
        content = DistributionContent(
            alert=DistributedAlert.from_alert(Alert.model_validate(self.state)),
            events={t.participant: _events(t.events) for t in self.targets},
        )
        request = DistributionRequested(
            alert_id=self.alert_id,
            number=self.number,
            origin_ms=self.origin_ms,
            targets=tuple(
                CopyTarget(
                    participant=t.participant,
                    seq=t.seq,
                    cause_action_id=t.cause_action_id,
                    rejected_action=t.rejected_action,
                )
                for t in self.targets
            ),
            sealed_content=None,
            sealed_personal_data=self.sealed_personal_data,
        )
        return request, content


class CopyUpdatedV1(_V1):
    event_type: ClassVar[str] = CopyUpdated.event_type

    participant: Participant
    seq: int
    kind: str
    alert_status: str
    delivery: dict[str, Any]
    view: dict[str, Any]
    sealed_personal_data: SealedValue | None = None
    events: tuple[dict[str, Any], ...] = ()
    cause_action_id: str | None = None
    rejected_action: RejectedAction | None = None

    def upcast(self) -> tuple[CopyUpdated, CopyContent]:
        content = CopyContent.model_validate(
            {
                "kind": self.kind,
                "alert_status": self.alert_status,
                "delivery": self.delivery,
                "view": self.view,
                "events": [e.model_dump(mode="json") for e in _events(self.events)],
            }
        )
        update = CopyUpdated(
            alert_id=self.alert_id,
            number=self.number,
            origin_ms=self.origin_ms,
            participant=self.participant,
            seq=self.seq,
            sealed_copy=None,
            sealed_personal_data=self.sealed_personal_data,
            cause_action_id=self.cause_action_id,
            rejected_action=self.rejected_action,
        )
        return update, content


def _events(payloads: tuple[dict[str, Any], ...]) -> tuple[TargetEvent, ...]:
    out = []
    for payload in payloads:
        actor = payload.get("actor") or {}
        out.append(
            TargetEvent(
                event_type=payload["event_type"],
                occurred_at=payload["occurred_at"],
                actor_authority_id=actor.get("authority_id"),
                actor_member_state=actor.get("member_state"),
            )
        )
    return tuple(out)


class CommandRelayedV1(Event):
    """`alert.command_relayed` 1.0: the arguments in clear. Still applied (a dropped one would
    leave the acting copy's pending action unanswered for good); nothing publishes it."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    aggregate_type: ClassVar[str] = "alert"
    aggregate_id_field: ClassVar[str] = "alert_id"
    event_type: ClassVar[str] = CommandRelayed.event_type
    schema_version: ClassVar[str] = "1.0"

    alert_id: str
    number: str | None = None
    origin_ms: MemberState
    member_state: Participant
    actor: Actor
    occurred_at: AwareDatetime
    command: str
    arguments: dict[str, Any]


class UpcastingCatalog(EventCatalog):
    """An `EventCatalog` that decodes a 1.0 fan-out message into its 1.0 class (to upcast)."""

    def __init__(self, *event_classes: type[Event], legacy: tuple[type[Event], ...]) -> None:
        super().__init__(*event_classes)
        self._legacy = {cls_.event_type: cls_ for cls_ in legacy}

    def decode(self, envelope: Envelope) -> Event:
        legacy = self._legacy.get(envelope.event_type)
        if legacy is not None and envelope.major == 1:
            try:
                return legacy.model_validate(envelope.payload)
            except ValueError as exc:
                raise InvalidPayload(f"{envelope.event_type} 1.0: {exc}") from exc
        return super().decode(envelope)


def fanout_catalog() -> EventCatalog:
    return UpcastingCatalog(DistributionRequested, legacy=(DistributionRequestedV1,))


def deliveries_catalog() -> EventCatalog:
    return UpcastingCatalog(
        CopyUpdated, *INBOX_ACTIONS, CommandRelayed, legacy=(CopyUpdatedV1, CommandRelayedV1)
    )
