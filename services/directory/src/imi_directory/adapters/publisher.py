"""Wraps directory domain events in envelopes and queues them on the outbox (X-050).

Every directory event goes to `imi.directory.events`, on the partition of the member state of
the authority it concerns, so a per-state deployment of another service reads only its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from imi_shared.envelope import Envelope, Event
from imi_shared.mongo import Transaction
from imi_shared.topics import Topics

PRODUCER = "directory"


def aggregate_id_of(event: Event) -> str:
    for attribute in ("authority_id", "user_id", "invitation_id", "coordinator_id"):
        if event.aggregate_type.startswith(attribute.removesuffix("_id")) and hasattr(
            event, attribute
        ):
            return str(getattr(event, attribute))
    for attribute in ("authority_id", "user_id", "invitation_id", "coordinator_id"):
        if hasattr(event, attribute):
            return str(getattr(event, attribute))
    raise ValueError(f"{event.event_type} names no aggregate")


def emit(
    tx: Transaction, topics: Topics, events: Iterable[Event], cause: Envelope | None = None
) -> list[Envelope]:
    envelopes = []
    for event in events:
        envelope = Envelope.wrap(
            event,
            producer=PRODUCER,
            member_state=event.member_state,
            aggregate_id=aggregate_id_of(event),
            cause=cause,
        )
        tx.emit(envelope, topics.directory_events)
        envelopes.append(envelope)
    return envelopes
