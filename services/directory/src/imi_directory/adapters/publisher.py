"""Wraps directory domain events in envelopes and queues them on the outbox (X-050).

Every directory event goes to `imi.directory.events`, on the partition of the member state of
the authority it concerns, so a per-state deployment of another service reads only its own.
The aggregate id is the field each event class declares (`aggregate_id_field`).
"""

from __future__ import annotations

from collections.abc import Iterable

from imi_shared.envelope import Envelope, Event
from imi_shared.mongo import Transaction
from imi_shared.topics import Topics

PRODUCER = "directory"


def emit(
    tx: Transaction, topics: Topics, events: Iterable[Event], cause: Envelope | None = None
) -> list[Envelope]:
    envelopes = []
    for event in events:
        envelope = Envelope.wrap(
            event,
            producer=PRODUCER,
            member_state=event.member_state,
            cause=cause,
        )
        tx.emit(envelope, topics.directory_events)
        envelopes.append(envelope)
    return envelopes
