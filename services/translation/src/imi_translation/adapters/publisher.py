"""Wraps translation events in envelopes and queues them on the outbox (`imi.translation.events`),
keyed and partitioned by the member state of the named authority or register."""

from __future__ import annotations

from collections.abc import Sequence

from imi_shared.envelope import Envelope, Event
from imi_shared.topics import Topics

PRODUCER = "translation"


class Publisher:
    def __init__(self, topics: Topics) -> None:
        self.topics = topics

    def emit(self, tx, events: Sequence[Event]) -> list[Envelope]:
        envelopes = []
        for event in events:
            envelope = Envelope.wrap(
                event,
                producer=PRODUCER,
                member_state=event.member_state,  # type: ignore[attr-defined]
            )
            tx.emit(envelope, self.topics.translation_events)
            envelopes.append(envelope)
        return envelopes
