"""One participant's copy of a broadcast alert (ALR-021..027, ALR-058..060, ALR-081).

There is one `Delivery` per alert per participant: each recipient member state (acknowledged by
its inbox, then forwarded within that state), the launching state's own inbox copy, and the
Commission's copy (never personal data). It is an entity of the `Alert` aggregate: the rules that
join it to the rest of the alert (has the recipient acted? is the alert still live?) need one
consistency boundary. The per-participant `AlertDelivered` events let infrastructure keep copies.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict

from imi_shared.participants import Participant

from .actors import Actor, ActorRef, RecipientAuthority
from .enums import DeliveryKind, RecipientMsStatus
from .errors import Conflict, Forbidden, InvalidInput, NotFound
from .rights import require_forwarder


class RecipientOrigin(StrEnum):
    INBOX = "inbox"  # received the broadcast automatically (ALR-021)
    LAUNCHING_AUTHORITY = "launching_authority"
    BROADCASTING_COORDINATOR = "broadcasting_coordinator"
    FORWARDED = "forwarded"  # added by a forwarder within its state (ALR-023..025)


class Recipient(BaseModel):
    """ALR-081 `AlertRecipient`: one authority on the recipient list."""

    model_config = ConfigDict(extra="forbid")

    authority_id: str
    member_state: str
    is_coordinator: bool
    origin: RecipientOrigin
    added_at: AwareDatetime
    added_by_user_id: str | None = None  # None: added by the system at broadcast
    added_by_authority_id: str | None = None
    has_acted: bool = False
    removed_at: AwareDatetime | None = None
    removed_by_user_id: str | None = None
    removed_by_authority_id: str | None = None
    status_at_removal: str | None = None  # the last status it may know (ALR-026)

    @property
    def active(self) -> bool:
        return self.removed_at is None


class Delivery(BaseModel):
    """ALR-081 `AlertRecipientMs`, plus the recipients of that participant."""

    model_config = ConfigDict(extra="forbid")

    participant: Participant
    kind: DeliveryKind
    inbox_authority_ids: tuple[str, ...] = ()
    status: RecipientMsStatus
    delivered_at: AwareDatetime
    acknowledged_by: ActorRef | None = None
    acknowledged_at: AwareDatetime | None = None
    first_forwarded_at: AwareDatetime | None = None
    recipients: list[Recipient] = []

    # -- queries ---------------------------------------------------------------------------
    def active_recipient(self, authority_id: str) -> Recipient | None:
        return next(
            (r for r in self.recipients if r.authority_id == authority_id and r.active), None
        )

    def active_recipients(self) -> list[Recipient]:
        return [r for r in self.recipients if r.active]

    def last_removal(self, authority_id: str) -> Recipient | None:
        removed = [r for r in self.recipients if r.authority_id == authority_id and not r.active]
        return removed[-1] if removed else None

    @property
    def awaits_acknowledgement(self) -> bool:
        return self.status is RecipientMsStatus.AWAITING_ACKNOWLEDGEMENT

    def mark_acted(self, authority_id: str) -> None:
        rec = self.active_recipient(authority_id)
        if rec is not None:
            rec.has_acted = True

    # -- commands --------------------------------------------------------------------------
    def acknowledge(self, actor: Actor, now: datetime) -> None:
        """ALR-022 / ALR-058: an inbox forwarder of that member state acknowledges receipt."""
        require_forwarder(actor, "ALR-022", "acknowledging receipt")  # rights first
        if actor.member_state != self.participant or actor.authority_id not in (
            self.inbox_authority_ids
        ):
            raise Forbidden(
                "ALR-022", f"only an inbox forwarder of {self.participant} acknowledges"
            )
        if self.kind is not DeliveryKind.RECIPIENT_MS:
            raise Conflict("ALR-022", f"the {self.kind} copy needs no acknowledgement")
        if self.status is not RecipientMsStatus.AWAITING_ACKNOWLEDGEMENT:
            raise Conflict("ALR-058", f"{self.participant} has already acknowledged")
        self.status = RecipientMsStatus.ACKNOWLEDGED
        self.acknowledged_by = actor.ref
        self.acknowledged_at = now
        self.mark_acted(actor.authority_id)

    def add_recipients(
        self, actor: Actor, authorities: Sequence[RecipientAuthority], now: datetime
    ) -> list[str]:
        """ALR-023/024/025/059: forward within the state; returns the added authority ids."""
        if actor.member_state != self.participant or self.kind is DeliveryKind.COMMISSION:
            raise Forbidden("ALR-023", "an alert is forwarded only within the forwarder's state")
        require_forwarder(actor, "ALR-059", "forwarding within the member state")
        mine = self.active_recipient(actor.authority_id)
        is_inbox = actor.authority_id in self.inbox_authority_ids
        is_recipient_coordinator = (
            mine is not None and mine.origin is RecipientOrigin.FORWARDED and mine.is_coordinator
        )
        if not (is_inbox or is_recipient_coordinator):
            raise Forbidden(
                "ALR-024",
                "only inbox forwarders, or forwarders of coordinators chosen as recipients, "
                "add recipients",
            )
        if self.awaits_acknowledgement:
            raise Conflict("ALR-022", "the inbox must acknowledge before forwarding")
        if not authorities:
            raise InvalidInput("ALR-059", "no recipient to add")
        seen: set[str] = set()
        for auth in authorities:
            if auth.member_state != self.participant:
                raise InvalidInput(
                    "ALR-023",
                    f"{auth.authority_id} is in {auth.member_state}: forwarding stays within "
                    f"{self.participant}",
                )
            if not auth.may_receive_new_alerts:
                raise InvalidInput(
                    "ALR-013", f"{auth.authority_id} has no active alerts access: cannot receive"
                )
            if auth.authority_id in seen or self.active_recipient(auth.authority_id):
                raise InvalidInput("ALR-059", f"{auth.authority_id} is already a recipient")
            seen.add(auth.authority_id)
        for auth in authorities:
            self.recipients.append(
                Recipient(
                    authority_id=auth.authority_id,
                    member_state=auth.member_state,
                    is_coordinator=auth.is_coordinator,
                    origin=RecipientOrigin.FORWARDED,
                    added_at=now,
                    added_by_user_id=actor.user_id,
                    added_by_authority_id=actor.authority_id,
                )
            )
        if self.first_forwarded_at is None:
            self.first_forwarded_at = now
        self.mark_acted(actor.authority_id)
        return [a.authority_id for a in authorities]

    def remove_recipient(
        self, actor: Actor, authority_id: str, now: datetime, status_at_removal: str
    ) -> Recipient:
        """ALR-026 / ALR-060: inbox forwarders only, and only a recipient that has not acted."""
        require_forwarder(actor, "ALR-026", "removing a recipient")
        if actor.member_state != self.participant or actor.authority_id not in (
            self.inbox_authority_ids
        ):
            raise Forbidden("ALR-026", f"only inbox forwarders of {self.participant} remove")
        rec = self.active_recipient(authority_id)
        if rec is None:
            raise NotFound("ALR-026", f"{authority_id} is not a recipient in {self.participant}")
        if rec.origin is not RecipientOrigin.FORWARDED:
            raise InvalidInput("ALR-026", f"the {rec.origin} recipient cannot be removed")
        if rec.has_acted:
            raise Conflict("ALR-026", f"{authority_id} has already acted on the alert")
        rec.removed_at = now
        rec.removed_by_user_id = actor.user_id
        rec.removed_by_authority_id = actor.authority_id
        rec.status_at_removal = status_at_removal
        self.mark_acted(actor.authority_id)
        return rec
