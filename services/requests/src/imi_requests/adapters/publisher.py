"""Puts request events on `imi.requests.events` (X-051), keyed and partitioned by the
requesting authority's member state (the envelope's `member_state`)."""

from __future__ import annotations

from collections.abc import Sequence

from imi_shared.envelope import Envelope, Event
from imi_shared.topics import Topics

PRODUCER = "requests"


class RequestPublisher:
    """The `emit(tx, events)` of the CommandRunner."""

    def __init__(self, topics: Topics) -> None:
        self.topic = topics.requests_events

    def __call__(self, tx, events: Sequence[Event]) -> list[Envelope]:
        envelopes = []
        for event in events:
            envelope = Envelope.wrap(
                event, producer=PRODUCER, member_state=event.requesting_member_state
            )
            tx.emit(envelope, self.topic)
            envelopes.append(envelope)
        return envelopes
