"""What the origin publishes after a command on an alert, through the transactional outbox.

- Every domain event goes to `imi.alerts.events` (notifier, retention; X-051), on the
  originating state's partition, WITHOUT personal data (e-mails carry no case content, X-011)
  and with its free text sealed under the case key (`event_messages`, 2.0).
- When participants hold copies that must learn of the change, ONE
  `alert.distribution_requested` 3.0 goes to `imi.alerts.fanout` (originating state's
  partition): in clear only the routing (per participant the next sequence number of its copy
  and the action answered); sealed under the case key (the alert id): for each participant a
  change (`copies.changes`: an acknowledgement, a forward, an item...) when its copy holds the
  alert and a change can say what happened, else the alert's content (`DistributedAlert`, no
  personal data) and its events, to be projected whole; the personal data sealed apart, only
  when some target needs it (X-009, X-011, RET-004). Which participants are told at all:
  `copies.targets.events_by_participant` (another state's mailbox work reaches the acting
  state only, issue 10). Once the key is shredded nothing of the content can travel: the
  copies only advance their sequence and settle their actions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from imi_shared.envelope import Envelope
from imi_shared.mongo import Transaction
from imi_shared.sealing import KeyShredded, SealedValue, Sealer
from imi_shared.topics import Topics

from ..copies.changes import change_for
from ..copies.distributed import DistributedAlert, DistributionContent, TargetEvent
from ..copies.targets import events_by_participant
from ..domain import AlertEvent
from ..domain.personal_data import has_personal_data
from .alert_repository import StoredAlert
from .delivery_messages import CopyTarget, DistributionRequested, RejectedAction
from .event_messages import to_wire

PRODUCER = "alerts"


@dataclass(frozen=True)
class Reply:
    """The answer to a recipient state's inbox action: confirmed, or refused with the rule."""

    participant: str
    action_id: str
    rejected: RejectedAction | None = None


@dataclass
class Publication:
    """Envelopes ready for the outbox, in order, each with its topic."""

    messages: list[tuple[Envelope, str]] = field(default_factory=list)

    def add(self, envelope: Envelope, topic: str) -> None:
        self.messages.append((envelope, topic))

    def emit(self, tx) -> list[Envelope]:
        for envelope, topic in self.messages:
            tx.emit(envelope, topic)
        return [envelope for envelope, _ in self.messages]


class AlertPublisher:
    def __init__(self, topics: Topics, sealer: Sealer, key_owner: str | None = None) -> None:
        self.topics = topics
        self.sealer = sealer
        self.key_owner = key_owner  # this deployment's id when it shares keys (docs/KEYS.md)

    async def publish(
        self,
        tx: Transaction,
        stored: StoredAlert,
        events: Sequence[AlertEvent],
        *,
        known_before: Iterable[str],
        cause: Envelope | None = None,
        reply: Reply | None = None,
    ) -> list[Envelope]:
        """`prepare` and emit at once (work already inside a transaction)."""
        publication = await self.prepare(
            stored, events, known_before=known_before, cause=cause, reply=reply
        )
        return publication.emit(tx)

    async def prepare(
        self,
        stored: StoredAlert,
        events: Sequence[AlertEvent],
        *,
        known_before: Iterable[str],
        cause: Envelope | None = None,
        reply: Reply | None = None,
    ) -> Publication:
        """The envelopes of `events` (and of the copies' distribution, sealed); takes the next
        sequence number of each copy concerned, so call it before the alert is saved."""
        alert = stored.alert
        out = Publication()
        sealed_texts: dict[str, SealedValue | None] = {}  # the same texts sealed once
        for event in events:
            out.add(
                Envelope.wrap(
                    await to_wire(event, self.sealer, sealed_texts),
                    producer=PRODUCER,
                    member_state=alert.launching_ms,
                    cause=cause,
                    occurred_at=event.occurred_at,
                ),
                self.topics.alerts_events,
            )
        per_participant = events_by_participant(events, known_before)
        if reply is not None:
            per_participant.setdefault(reply.participant, [])
        if not per_participant:
            return out
        targets = []
        for participant in per_participant:
            answered = reply is not None and reply.participant == participant
            targets.append(
                CopyTarget(
                    participant=participant,
                    seq=stored.next_seq(participant),
                    cause_action_id=reply.action_id if answered and not reply.rejected else None,
                    rejected_action=reply.rejected if answered else None,
                )
            )
        known = list(known_before)
        changes = {}
        for p, mine in per_participant.items():
            change = change_for(
                alert, p, mine, known_before=known, history_from=stored.history_sent
            )
            if change is not None:
                changes[p] = change
        whole = {p: mine for p, mine in per_participant.items() if p not in changes}
        stored.history_sent = alert.history[-1].seq if alert.history else 0
        content = DistributionContent(
            alert=DistributedAlert.from_alert(alert) if whole else None,
            events={p: tuple(TargetEvent.of(e) for e in mine) for p, mine in whole.items()},
            changes={p: c.model_dump(mode="json") for p, c in changes.items()},
        )
        personal_data = alert.personal_data()
        needs_pd = bool(whole) or any(c.personal_data for c in changes.values())
        sealed_pd = (
            await self._seal(alert.alert_id, personal_data)
            if needs_pd and has_personal_data(personal_data)
            else None
        )
        out.add(
            Envelope.wrap(
                DistributionRequested(
                    alert_id=alert.alert_id,
                    number=alert.ref_no,
                    origin_ms=alert.launching_ms,
                    targets=tuple(targets),
                    sealed_content=await self._seal(
                        alert.alert_id, content.model_dump(mode="json")
                    ),
                    sealed_personal_data=sealed_pd,
                    key_owner=self.key_owner,
                ),
                producer=PRODUCER,
                member_state=alert.launching_ms,
                cause=cause,
            ),
            self.topics.alerts_fanout,
        )
        return out

    async def _seal(self, alert_id: str, value: dict) -> SealedValue | None:
        try:
            return await self.sealer.seal(alert_id, value)
        except KeyShredded:
            return None  # the case key was shredded (RET-013/015): nothing of it may travel
