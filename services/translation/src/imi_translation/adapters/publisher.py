"""Wraps translation events in envelopes and queues them on the outbox (`imi.translation.events`),
keyed and partitioned by the member state of the named authority or register."""

from __future__ import annotations

from imi_shared.publishing import TopicPublisher
from imi_shared.topics import Topics

PRODUCER = "translation"


def publisher(topics: Topics) -> TopicPublisher:
    """The service's `emit(tx, events)` (the kernel's one-topic publisher)."""
    return TopicPublisher(PRODUCER, topics.translation_events)
