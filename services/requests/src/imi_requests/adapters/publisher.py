"""Puts request events on `imi.requests.events` (X-051), keyed and partitioned by the
requesting authority's member state (the envelope's `member_state`)."""

from __future__ import annotations

from imi_shared.publishing import TopicPublisher
from imi_shared.topics import Topics

PRODUCER = "requests"


def publisher(topics: Topics) -> TopicPublisher:
    """The service's `emit(tx, events)` (the kernel's one-topic publisher)."""
    return TopicPublisher(
        PRODUCER, topics.requests_events, member_state_field="requesting_member_state"
    )
