"""The fan-out worker: one `alert.distribution_requested` → one `alert.copy_updated` per
recipient participant, on that participant's partition of `imi.alerts.deliveries`.

It is a stateless transform ([DESIGN] ALR-021): the copies are a pure function of the
distribution, so the worker writes nothing to a database; the kernel publishes the copies and
commits the distribution's offset only once the broker has acknowledged all of them, so a
killed worker loses nothing (its successor in the group expands the distribution again). Each
copy's event id is derived from the distribution's id and the participant, so a distribution
expanded twice yields the same ids, and the inboxes' idempotency (plus the copy's sequence
number) drops the repeat. The Commission's copy never carries personal data (X-011, ALR-079).
"""

from __future__ import annotations

import uuid

from imi_shared.envelope import Envelope
from imi_shared.outbox.store import PendingEvent
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
        copies.append(
            CopyUpdated(
                alert_id=request.alert_id,
                number=request.number,
                origin_ms=request.origin_ms,
                participant=target.participant,
                seq=target.seq,
                kind=alert.deliveries[target.participant].kind,
                alert_status=status_known_to(alert, target.participant),
                delivery=alert.deliveries[target.participant].model_dump(mode="json"),
                view=view.model_dump(mode="json"),
                sealed_personal_data=request.sealed_personal_data if with_pd else None,
                events=target.events,
                cause_action_id=target.cause_action_id,
                rejected_action=target.rejected_action,
            )
        )
    return copies


def fan_out_transform(topics: Topics):
    def on_distribution(event: DistributionRequested, envelope: Envelope) -> list[PendingEvent]:
        out = []
        for copy in expand(event):
            wrapped = Envelope.wrap(
                copy,
                producer=PRODUCER,
                member_state=copy.participant,
                cause=envelope,
            )
            wrapped = wrapped.model_copy(
                update={"event_id": copy_event_id(envelope.event_id, copy.participant)}
            )
            out.append(
                PendingEvent.of(
                    wrapped,
                    topics.alerts_deliveries,
                    key=copy.alert_id,
                    partition=partition_for(copy.participant),
                )
            )
        return out

    return on_distribution
