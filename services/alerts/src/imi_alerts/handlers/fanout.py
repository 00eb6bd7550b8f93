"""The fan-out worker: one `alert.distribution_requested` → one `alert.copy_updated` per
recipient participant, on that participant's partition of `imi.alerts.deliveries`.

It runs in the worker's unit of work (processed marker + outbox in one transaction), so a
killed worker loses nothing. Each copy's event id is derived from the distribution's id and the
participant, so a distribution expanded twice (by two workers after a rebalance) yields the
same ids, and the inboxes' idempotency (plus the copy's sequence number) drops the repeat.
The Commission's copy never carries personal data (X-011, ALR-079).
"""
from __future__ import annotations

import uuid

from imi_shared.envelope import Envelope
from imi_shared.mongo import Transaction
from imi_shared.participants import COMMISSION, partition_for
from imi_shared.topics import Topics

from ..adapters.delivery_messages import CopyUpdated, DistributionRequested
from ..adapters.publisher import PRODUCER
from ..copies.targets import participant_view, status_known_to
from ..domain import Access, Alert

_COPY_IDS = uuid.UUID("6f1b3c1e-4a0e-4d54-9d5c-2a7f0c3e9b11")


def copy_event_id(distribution_id: uuid.UUID, participant: str) -> uuid.UUID:
    return uuid.uuid5(_COPY_IDS, f"{distribution_id}:{participant}")


def expand(request: DistributionRequested) -> list[CopyUpdated]:
    alert = Alert.model_validate(request.state)
    copies = []
    for target in request.targets:
        view = participant_view(alert, target.participant)
        with_pd = target.participant != COMMISSION and view.access is Access.FULL
        copies.append(CopyUpdated(
            alert_id=request.alert_id, number=request.number, origin_ms=request.origin_ms,
            participant=target.participant, seq=target.seq,
            kind=alert.deliveries[target.participant].kind,
            alert_status=status_known_to(alert, target.participant),
            delivery=alert.deliveries[target.participant].model_dump(mode="json"),
            view=view.model_dump(mode="json"),
            sealed_personal_data=request.sealed_personal_data if with_pd else None,
            events=target.events, cause_action_id=target.cause_action_id,
            rejected_action=target.rejected_action,
        ))
    return copies


def fan_out_handler(topics: Topics):
    async def on_distribution(event: DistributionRequested, envelope: Envelope,
                              tx: Transaction) -> None:
        for copy in expand(event):
            wrapped = Envelope.wrap(copy, producer=PRODUCER, member_state=copy.participant,
                                    aggregate_id=copy.alert_id, cause=envelope)
            wrapped = wrapped.model_copy(
                update={"event_id": copy_event_id(envelope.event_id, copy.participant)})
            tx.emit(wrapped, topics.alerts_deliveries, key=copy.alert_id,
                    partition=partition_for(copy.participant))

    return on_distribution
