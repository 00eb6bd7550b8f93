"""Puts register events on `imi.registers.events` (X-052), keyed and partitioned by the
register's member state (REG-025: the adding authority's, immutable)."""

from __future__ import annotations

from collections.abc import Sequence

from imi_shared.envelope import Envelope, Event
from imi_shared.topics import Topics

PRODUCER = "registers"


class RegisterPublisher:
    """The `emit(tx, events)` of the CommandRunner."""

    def __init__(self, topics: Topics) -> None:
        self.topic = topics.registers_events

    def __call__(self, tx, events: Sequence[Event]) -> list[Envelope]:
        envelopes = []
        for event in events:
            envelope = Envelope.wrap(event, producer=PRODUCER, member_state=event.member_state)
            tx.emit(envelope, self.topic)
            envelopes.append(envelope)
        return envelopes
