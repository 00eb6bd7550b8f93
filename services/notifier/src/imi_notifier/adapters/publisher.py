"""Wraps notifier events in envelopes and queues them on the outbox (`imi.notifier.events`),
keyed and partitioned by the recipient's member state."""

from __future__ import annotations

from imi_shared.publishing import TopicPublisher
from imi_shared.topics import Topics

PRODUCER = "notifier"


def publisher(topics: Topics) -> TopicPublisher:
    """The service's `emit(tx, events)` (the kernel's one-topic publisher)."""
    return TopicPublisher(PRODUCER, topics.notifier_events)
