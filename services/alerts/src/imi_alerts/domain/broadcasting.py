"""Broadcast and its fan-out: one copy per participant (ALR-021, ALR-057, ALR-061)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from imi_shared.participants import COMMISSION

from .actors import Actor
from .delivery import Delivery, Recipient, RecipientOrigin
from .enums import AlertStatus, DeliveryKind, Notification, RecipientMsStatus
from .errors import InvalidInput
from .events import AlertDelivered, AlertEvent
from .prebroadcast import PreBroadcastCommands
from .rights import require_forwarder_of, require_may_act
from .state import require_aware


class BroadcastCommands(PreBroadcastCommands):
    def broadcast(
        self, actor: Actor, inboxes: Mapping[str, Sequence[str]], now: datetime
    ) -> list[AlertEvent]:
        """ALR-021 / ALR-057: copies to every recipient state's inbox(es), the Commission
        (without personal data) and the launching state's own inbox(es).

        `inboxes` maps each recipient state, and the launching state, to its inbox authority ids
        (from the directory read model). Returns the status change and one `AlertDelivered` per
        participant.
        """
        require_aware(now)
        self._require_status([AlertStatus.AWAITING_BROADCAST], "ALR-057", "broadcast")
        require_may_act(actor)
        coordinator = self.selected_coordinator
        assert coordinator is not None
        require_forwarder_of(actor, coordinator.authority_id, "ALR-057", "broadcasting")
        if not self.content.recipient_ms:
            raise InvalidInput("ALR-051", "select at least one recipient member state")
        self._check_establishment(
            self.content.establishment_ms, self.content.recipient_ms, "ALR-007"
        )
        for ms in (*self.content.recipient_ms, self.launching_ms):
            if not tuple(inboxes.get(ms, ())):
                raise InvalidInput("ALR-010", f"{ms} has no incoming-alerts mailbox")
        self.broadcast_at = now
        events = self._move(
            actor, now, AlertStatus.BROADCAST, coordinator_id=coordinator.authority_id
        )
        for ms in self.content.recipient_ms:
            events += self._deliver(ms, DeliveryKind.RECIPIENT_MS, tuple(inboxes[ms]), now, actor)
        events += self._deliver(
            self.launching_ms,
            DeliveryKind.ORIGIN_COPY,
            tuple(inboxes[self.launching_ms]),
            now,
            actor,
        )
        events += self._deliver(COMMISSION, DeliveryKind.COMMISSION, (), now, actor)
        self._mark_acted(actor)
        return events

    def _deliver(
        self,
        participant: str,
        kind: DeliveryKind,
        inbox_ids: tuple[str, ...],
        now: datetime,
        actor: Actor,
    ) -> list[AlertEvent]:
        status = (
            RecipientMsStatus.AWAITING_ACKNOWLEDGEMENT
            if kind is DeliveryKind.RECIPIENT_MS
            else RecipientMsStatus.ACKNOWLEDGED
        )
        recipients: dict[str, Recipient] = {}
        if kind is DeliveryKind.ORIGIN_COPY:
            coordinator = self.selected_coordinator
            assert coordinator is not None
            for authority_id, origin, is_coord in (
                (
                    self.launching_authority_id,
                    RecipientOrigin.LAUNCHING_AUTHORITY,
                    self.launching_authority_id == coordinator.authority_id,
                ),
                (coordinator.authority_id, RecipientOrigin.BROADCASTING_COORDINATOR, True),
            ):
                recipients.setdefault(
                    authority_id,
                    Recipient(
                        authority_id=authority_id,
                        member_state=participant,
                        is_coordinator=is_coord,
                        origin=origin,
                        added_at=now,
                        has_acted=True,
                    ),
                )
        for inbox_id in inbox_ids:
            recipients.setdefault(
                inbox_id,
                Recipient(
                    authority_id=inbox_id,
                    member_state=participant,
                    is_coordinator=True,
                    origin=RecipientOrigin.INBOX,
                    added_at=now,
                ),
            )
        self.deliveries[participant] = Delivery(
            participant=participant,
            kind=kind,
            inbox_authority_ids=inbox_ids,
            status=status,
            delivered_at=now,
            recipients=list(recipients.values()),
        )
        self._log("delivered", now, actor, to=participant, kind=kind.value)
        incoming = kind is DeliveryKind.RECIPIENT_MS
        return self._emit(
            AlertDelivered(
                **self._base(now, actor),
                recipient=participant,
                kind=kind,
                inbox_authority_ids=inbox_ids,
                delivery_status=status,
                overview=self.delivery_overview(),
                personal_data=None
                if kind is DeliveryKind.COMMISSION
                else self.content.personal_data(),
                notification=Notification.INCOMING if incoming else None,
                notify_authority_ids=inbox_ids if incoming else (),
            )
        )

    def delivery_overview(self) -> dict[str, object]:
        """The non-personal content shipped with every copy (X-011 "non-PD content")."""
        c = self.content
        return {
            "ref_no": self.ref_no,
            "launching_authority_id": self.launching_authority_id,
            "launching_ms": self.launching_ms,
            "broadcasting_coordinator_id": (
                self.selected_coordinator.authority_id if self.selected_coordinator else None
            ),
            "service_activity_code": c.service_activity_code,
            "establishment_ms": c.establishment_ms,
            "recipient_ms": list(c.recipient_ms),
            "description": c.description.model_dump() if c.description else None,
            "suggested_recipients": (
                c.suggested_recipients.model_dump() if c.suggested_recipients else None
            ),
            "provider_non_personal": [f.model_dump() for f in c.non_personal_provider()],
            "broadcast_at": self.broadcast_at.isoformat() if self.broadcast_at else None,
        }
