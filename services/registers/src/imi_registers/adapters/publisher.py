"""Puts register events on `imi.registers.events` (X-052), keyed and partitioned by the
register's member state (REG-025: the adding authority's, immutable)."""

from __future__ import annotations

from imi_shared.publishing import TopicPublisher
from imi_shared.topics import Topics

PRODUCER = "registers"


def publisher(topics: Topics) -> TopicPublisher:
    """The service's `emit(tx, events)` (the kernel's one-topic publisher)."""
    return TopicPublisher(PRODUCER, topics.registers_events)
