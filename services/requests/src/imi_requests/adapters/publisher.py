"""Puts request events on `imi.requests.events` (X-051), keyed and partitioned by the
requesting authority's member state (the envelope's `member_state`). Each envelope's
`occurred_at` is the command's time on the service's clock (injectable), so that what the
read models date from the events (the lists' sent, received and last-action dates, §4.12)
follows the same clock as the request itself."""

from __future__ import annotations

from collections.abc import Sequence

from imi_shared.clock import Clock, now_utc, system_clock
from imi_shared.envelope import Envelope, Event
from imi_shared.publishing import TopicPublisher
from imi_shared.topics import Topics

PRODUCER = "requests"


class ClockedPublisher(TopicPublisher):
    def __init__(self, topic: str, clock: Clock) -> None:
        super().__init__(PRODUCER, topic, member_state_field="requesting_member_state")
        self.clock = clock

    def __call__(self, tx, events: Sequence[Event]) -> list[Envelope]:
        at = now_utc(self.clock)
        envelopes = []
        for event in events:
            envelope = Envelope.wrap(
                event,
                producer=self.producer,
                member_state=str(getattr(event, _partition_field(event, self.member_state_field))),
                occurred_at=at,
            )
            tx.emit(envelope, self.topic)
            envelopes.append(envelope)
        return envelopes

    emit = __call__


def publisher(topics: Topics, clock: Clock = system_clock) -> TopicPublisher:
    """The service's `emit(tx, events)` (the kernel's one-topic publisher, on the clock)."""
    return ClockedPublisher(topics.requests_events, clock)


def _partition_field(event: Event, default: str) -> str:
    """A relay message names its own partition field (the state it goes to, X-001)."""
    return getattr(type(event), "partition_field", default)
