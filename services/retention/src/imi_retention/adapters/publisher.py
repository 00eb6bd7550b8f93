"""Wraps retention events in envelopes on the outbox (`imi.retention.events`, X-052), keyed and
partitioned by the case's member state, so each state's deployment reads its own."""

from __future__ import annotations

from collections.abc import Sequence

from imi_shared.envelope import Envelope, Event
from imi_shared.topics import Topics

PRODUCER = "retention"


class Publisher:
    def __init__(self, topics: Topics) -> None:
        self.topics = topics

    def emit(self, tx, events: Sequence[Event]) -> list[Envelope]:
        envelopes = []
        for event in events:
            member_state = event.member_state  # type: ignore[attr-defined]
            envelope = Envelope.wrap(event, producer=PRODUCER, member_state=member_state)
            tx.emit(envelope, self.topics.retention_events)
            envelopes.append(envelope)
        return envelopes
