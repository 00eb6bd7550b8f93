"""Wraps directory domain events in envelopes and queues them on the outbox (X-050).

Every directory event goes to `imi.directory.events`, on the partition of the member state of
the authority it concerns, so a per-state deployment of another service reads only its own.
The aggregate id is the field each event class declares (`aggregate_id_field`).

Personal data and secrets travel only sealed (RET-004, `adapters.sealed_events`): `publish`
seals, then emits; `emit` (synchronous, for the kernel's command runner) takes events already
sealed and refuses a domain event that still holds plaintext.
"""

from __future__ import annotations

from collections.abc import Iterable

from imi_shared.envelope import Envelope, Event
from imi_shared.mongo import Transaction
from imi_shared.sealing import Sealer
from imi_shared.topics import Topics

from .sealed_events import needs_sealing, seal_events

PRODUCER = "directory"


class UnsealedEvent(TypeError):
    """A domain event with personal data in clear reached the outbox (RET-004)."""


def emit(
    tx: Transaction, topics: Topics, events: Iterable[Event], cause: Envelope | None = None
) -> list[Envelope]:
    envelopes = []
    for event in events:
        if needs_sealing(event):
            raise UnsealedEvent(
                f"{event.event_type} holds personal data in clear: seal it first (RET-004)"
            )
        envelope = Envelope.wrap(
            event,
            producer=PRODUCER,
            member_state=event.member_state,
            cause=cause,
        )
        tx.emit(envelope, topics.directory_events)
        envelopes.append(envelope)
    return envelopes


async def publish(
    tx: Transaction,
    topics: Topics,
    sealer: Sealer,
    events: Iterable[Event],
    cause: Envelope | None = None,
) -> list[Envelope]:
    """Seal what must be sealed (keys are committed outside `tx`, see imi_shared.sealing),
    then queue the events on the outbox."""
    return emit(tx, topics, await seal_events(sealer, events), cause)
