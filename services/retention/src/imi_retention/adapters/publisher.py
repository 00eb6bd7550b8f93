"""Wraps retention events in envelopes on the outbox (`imi.retention.events`, X-052), keyed and
partitioned by the case's member state, so each state's deployment reads its own."""

from __future__ import annotations

from imi_shared.publishing import TopicPublisher
from imi_shared.topics import Topics

PRODUCER = "retention"


def publisher(topics: Topics) -> TopicPublisher:
    """The service's `emit(tx, events)` (the kernel's one-topic publisher)."""
    return TopicPublisher(PRODUCER, topics.retention_events)
