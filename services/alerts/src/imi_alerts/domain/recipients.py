"""Recipient side: acknowledge, forward within the state, remove recipients
(ALR-022..027, ALR-058..060)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .actors import Actor, RecipientAuthority
from .enums import ACTIVE, AFTER_BROADCAST, Notification
from .errors import Forbidden
from .events import AlertAcknowledged, AlertEvent, AlertRecipientsChanged
from .modification import ModificationCommands
from .rights import require_may_act
from .state import require_aware


class RecipientCommands(ModificationCommands):
    def _own_delivery(self, actor: Actor, rule_id: str):
        delivery = self.deliveries.get(actor.member_state)
        if delivery is None:
            raise Forbidden(rule_id, f"{actor.member_state} did not receive this alert")
        return delivery

    def acknowledge(self, actor: Actor, now: datetime) -> list[AlertEvent]:
        """ALR-022 / ALR-058: an inbox forwarder of a recipient state acknowledges receipt."""
        require_aware(now)
        self._require_status(AFTER_BROADCAST, "ALR-058", "acknowledge")
        require_may_act(actor)
        self._own_delivery(actor, "ALR-022").acknowledge(actor, now)
        self._log("acknowledged", now, actor)
        return self._emit(
            AlertAcknowledged(**self._base(now, actor), member_state=actor.member_state)
        )

    def forward_within_ms(
        self, actor: Actor, authorities: Sequence[RecipientAuthority], now: datetime
    ) -> list[AlertEvent]:
        """ALR-023..025 / ALR-027 / ALR-059: add recipients of the forwarder's own state; the
        new recipients' handlers and forwarders are notified (N_ALR_FORWARDED)."""
        require_aware(now)
        self._require_status(ACTIVE, "ALR-059", "forward")
        require_may_act(actor)
        added = self._own_delivery(actor, "ALR-023").add_recipients(actor, authorities, now)
        self._log("forwarded", now, actor, added=",".join(added))
        return self._emit(
            AlertRecipientsChanged(
                **self._base(now, actor),
                member_state=actor.member_state,
                added=tuple(added),
                notification=Notification.FORWARDED,
                notify_authority_ids=tuple(added),
            )
        )

    def remove_recipient(self, actor: Actor, authority_id: str, now: datetime) -> list[AlertEvent]:
        """ALR-026 / ALR-060: the removed recipient is not told and loses later steps."""
        require_aware(now)
        self._require_status(ACTIVE, "ALR-060", "remove a recipient")
        require_may_act(actor)
        delivery = self._own_delivery(actor, "ALR-026")
        delivery.remove_recipient(actor, authority_id, now, self.visible_status(actor.member_state))
        self._log("recipient_removed", now, actor, removed=authority_id)
        return self._emit(
            AlertRecipientsChanged(
                **self._base(now, actor),
                member_state=actor.member_state,
                removed=(authority_id,),
            )
        )
