"""The deliveries part of the `Alert` aggregate: one `Delivery` per participant, stored as the
`deliveries` mapping (participant → delivery), with the queries that join the recipient lists
(ALR-003, ALR-021, ALR-026, ALR-081)."""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, ValuesView
from datetime import datetime

from pydantic import Field, RootModel

from .actors import Actor, CoordinatorRef
from .delivery import Delivery, Recipient, RecipientOrigin
from .enums import DeliveryKind, RecipientMsStatus
from .errors import Forbidden


class Deliveries(RootModel[dict[str, Delivery]]):
    root: dict[str, Delivery] = Field(default_factory=dict)

    # -- mapping ---------------------------------------------------------------------------
    def __getitem__(self, participant: str) -> Delivery:
        return self.root[participant]

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]
        return iter(self.root)

    def __len__(self) -> int:
        return len(self.root)

    def __contains__(self, participant: object) -> bool:
        return participant in self.root

    def get(self, participant: str) -> Delivery | None:
        return self.root.get(participant)

    def keys(self) -> KeysView[str]:
        return self.root.keys()

    def values(self) -> ValuesView[Delivery]:
        return self.root.values()

    def items(self) -> ItemsView[str, Delivery]:
        return self.root.items()

    # -- queries ---------------------------------------------------------------------------
    def active_recipient_ids(self, member_state: str | None = None) -> tuple[str, ...]:
        """Authorities taking part (not removed), in one state or all; the notify list."""
        ids: dict[str, None] = {}
        for participant, delivery in self.root.items():
            if member_state is None or participant == member_state:
                ids.update((r.authority_id, None) for r in delivery.active_recipients())
        return tuple(ids)

    def awaits_acknowledgement(self, participant: str) -> bool:
        delivery = self.root.get(participant)
        return delivery is not None and delivery.awaits_acknowledgement

    def own(self, actor: Actor, rule_id: str) -> Delivery:
        """The copy of the actor's own state, or `Forbidden` naming `rule_id`."""
        delivery = self.root.get(actor.member_state)
        if delivery is None:
            raise Forbidden(rule_id, f"{actor.member_state} did not receive this alert")
        return delivery

    def require_participant(
        self, actor: Actor, rule_id: str, member_state: str | None = None
    ) -> Delivery:
        """The actor's authority is on the recipient list of its state (or of `member_state`),
        not removed, and that state has acknowledged the alert (ALR-003, ALR-026)."""
        participant = member_state or actor.member_state
        delivery = self.root.get(participant)
        if (
            delivery is None
            or actor.member_state != participant
            or (delivery.active_recipient(actor.authority_id) is None)
        ):
            raise Forbidden(
                rule_id, f"{actor.authority_id} is not a recipient of this alert in {participant}"
            )
        if delivery.awaits_acknowledgement:
            raise Forbidden(rule_id, f"{participant} has not acknowledged the alert yet")
        return delivery

    def mark_acted(self, actor: Actor) -> None:
        """ALR-026: a recipient that acted can no longer be removed."""
        delivery = self.root.get(actor.member_state)
        if delivery is not None:
            delivery.mark_acted(actor.authority_id)

    # -- commands --------------------------------------------------------------------------
    def deliver(
        self,
        participant: str,
        kind: DeliveryKind,
        inbox_ids: tuple[str, ...],
        now: datetime,
        *,
        launching_authority_id: str,
        coordinator: CoordinatorRef,
    ) -> Delivery:
        """ALR-021: the participant's copy; its inboxes (and, for the launching state's own
        copy, the launching authority and the broadcasting coordinator) are the recipients.
        Recipient states must acknowledge (ALR-022); the other copies need not."""
        status = (
            RecipientMsStatus.AWAITING_ACKNOWLEDGEMENT
            if kind is DeliveryKind.RECIPIENT_MS
            else RecipientMsStatus.ACKNOWLEDGED
        )
        recipients: dict[str, Recipient] = {}
        if kind is DeliveryKind.ORIGIN_COPY:
            for authority_id, origin, is_coord in (
                (
                    launching_authority_id,
                    RecipientOrigin.LAUNCHING_AUTHORITY,
                    launching_authority_id == coordinator.authority_id,
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
        delivery = Delivery(
            participant=participant,
            kind=kind,
            inbox_authority_ids=inbox_ids,
            status=status,
            delivered_at=now,
            recipients=list(recipients.values()),
        )
        self.root[participant] = delivery
        return delivery
