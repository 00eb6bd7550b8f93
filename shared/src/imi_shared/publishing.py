"""The `emit(tx, events)` a CommandRunner needs, for a service publishing on one topic.

Each event is wrapped in an envelope (its aggregate id from the event class's declared
`aggregate_id_field`), keyed and partitioned by the participant named in the event's
`member_state_field`, and queued on the transaction's outbox.
"""

from __future__ import annotations

from collections.abc import Sequence

from .envelope import Envelope, Event


class TopicPublisher:
    def __init__(self, producer: str, topic: str, *, member_state_field: str = "member_state"):
        self.producer = producer
        self.topic = topic
        self.member_state_field = member_state_field

    def __call__(self, tx, events: Sequence[Event]) -> list[Envelope]:
        envelopes = []
        for event in events:
            envelope = Envelope.wrap(
                event,
                producer=self.producer,
                member_state=str(getattr(event, self.member_state_field)),
            )
            tx.emit(envelope, self.topic)
            envelopes.append(envelope)
        return envelopes

    emit = __call__
