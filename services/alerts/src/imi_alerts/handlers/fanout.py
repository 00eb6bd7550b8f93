"""The fan-out worker: one `alert.distribution_requested` → one `alert.copy_updated` per
target participant, on that participant's partition of `imi.alerts.deliveries`.

It is a stateless transform ([DESIGN] ALR-021): it opens the distribution's sealed content
under the case key; a target the origin sent a change (`copies.changes`, issue 10: an
acknowledgement, a forward, an item) gets that change sealed (`sealed_change`, a few hundred
bytes, the personal data only if the change touches items); any other target gets its whole
projection (`project_copy`, pure: X-010, X-011), sealed under the same key (`sealed_copy`), so no case content and no user data is
ever in clear on a topic (X-009, RET-004). It writes nothing to a database; the copies are
published and acknowledged before the distribution's offset is committed, so a killed worker
loses nothing. Each copy's event id is derived from the distribution's id and the participant,
so a distribution expanded twice yields the same ids and the inboxes drop the repeat. The
Commission's copy never carries personal data, not even sealed (X-011, ALR-079). Once the case
key is shredded a copy carries no content (`sealed_copy` null): it only advances its sequence.
A 1.0 distribution (content in clear, from before the upgrade) is upcast, and sealed on output.

Per-deployment keys (issue 9 item 8, docs/KEYS.md): when this deployment shares keys, its
workers expand only the distributions whose `key_owner` is this deployment (they alone hold the
case key), and each copy carries the case key wrapped for every OTHER deployment serving its
participant (`key_shares`), which imports it into its own key store before unsealing.
"""

from __future__ import annotations

import uuid

from imi_shared.envelope import Envelope
from imi_shared.keys import KeySharing, WrappedForDeployment
from imi_shared.outbox.store import PendingEvent
from imi_shared.participants import COMMISSION, partition_for
from imi_shared.sealing import KeyShredded, SealedValue, Sealer
from imi_shared.topics import Topics

from ..adapters.delivery_messages import CopyTarget, CopyUpdated, DistributionRequested
from ..adapters.legacy_messages import DistributionRequestedV1
from ..adapters.publisher import PRODUCER
from ..copies.changes import CopyChange
from ..copies.distributed import CopyContent, DistributionContent
from ..copies.targets import participant_view, status_known_to
from ..domain import Access, Alert

_COPY_IDS = uuid.UUID("6f1b3c1e-4a0e-4d54-9d5c-2a7f0c3e9b11")


def copy_event_id(distribution_id: uuid.UUID, participant: str) -> uuid.UUID:
    return uuid.uuid5(_COPY_IDS, f"{distribution_id}:{participant}")


def project_copy(alert: Alert, content: DistributionContent, participant: str) -> CopyContent:
    """What `participant`'s copy holds (pure): its users' projection, its delivery, events."""
    return CopyContent(
        kind=alert.deliveries[participant].kind,
        alert_status=status_known_to(alert, participant),
        delivery=alert.deliveries[participant],
        view=participant_view(alert, participant),
        events=content.events.get(participant, ()),
    )


async def open_distribution(
    request: DistributionRequested | DistributionRequestedV1, sealer: Sealer
) -> tuple[DistributionRequested, DistributionContent | None]:
    """The 2.0 request and its content (None: the case key is shredded)."""
    if isinstance(request, DistributionRequestedV1):
        return request.upcast()
    if request.sealed_content is None:
        return request, None
    try:
        opened = await sealer.unseal(request.sealed_content)
    except KeyShredded:
        return request, None
    return request, DistributionContent.model_validate(opened)


def expands_here(
    request: DistributionRequested | DistributionRequestedV1, sharing: KeySharing | None
) -> bool:
    """Whether this deployment's workers expand `request`: with per-deployment keys only the
    owner of the case key can (a 1.0 or 2.0 distribution names no owner: any worker)."""
    owner = getattr(request, "key_owner", None)
    return sharing is None or owner is None or owner == sharing.deployment_id


async def expand(
    request: DistributionRequested | DistributionRequestedV1,
    sealer: Sealer,
    sharing: KeySharing | None = None,
) -> list[CopyUpdated]:
    request, content = await open_distribution(request, sealer)
    alert = content.alert.to_alert() if content is not None and content.alert else None
    shares = await _shares(request, sealer, sharing) if content is not None else {}
    copies = []
    for target in request.targets:
        p = target.participant
        sealed, sealed_change, with_pd = None, None, False
        if content is not None and p in content.changes:
            change = CopyChange.model_validate(content.changes[p])
            with_pd = p != COMMISSION and change.personal_data
            sealed_change = await _seal(sealer, request.alert_id, change.model_dump(mode="json"))
        elif alert is not None and content is not None:
            copy = project_copy(alert, content, p)
            with_pd = p != COMMISSION and copy.view.access is Access.FULL
            sealed = await _seal(sealer, request.alert_id, copy.model_dump(mode="json"))
        opened = sealed is not None or sealed_change is not None
        update = _update(
            request, target, sealed, with_pd and opened, shares.get(p, ()) if opened else ()
        )
        copies.append(update.model_copy(update={"sealed_change": sealed_change}))
    return copies


async def _shares(
    request: DistributionRequested, sealer: Sealer, sharing: KeySharing | None
) -> dict[str, tuple[WrappedForDeployment, ...]]:
    """The case key wrapped for the deployments serving each target (none once shredded)."""
    if sharing is None:
        return {}
    try:
        key = await sealer.data_key(request.alert_id)
    except KeyShredded:
        return {}
    return sharing.shares_for(request.alert_id, key, (t.participant for t in request.targets))


def _update(
    request: DistributionRequested,
    target: CopyTarget,
    sealed: SealedValue | None,
    with_pd: bool,
    shares: tuple[WrappedForDeployment, ...] = (),
) -> CopyUpdated:
    return CopyUpdated(
        alert_id=request.alert_id,
        number=request.number,
        origin_ms=request.origin_ms,
        participant=target.participant,
        seq=target.seq,
        sealed_copy=sealed,
        sealed_personal_data=request.sealed_personal_data if with_pd else None,
        cause_action_id=target.cause_action_id,
        rejected_action=target.rejected_action,
        key_shares=shares,
    )


async def _seal(sealer: Sealer, alert_id: str, value: dict) -> SealedValue | None:
    try:
        return await sealer.seal(alert_id, value)
    except KeyShredded:
        return None


def fan_out_transform(topics: Topics, sealer: Sealer, sharing: KeySharing | None = None):
    async def on_distribution(
        event: DistributionRequested | DistributionRequestedV1, envelope: Envelope
    ) -> list[PendingEvent]:
        if not expands_here(event, sharing):
            return []  # another deployment's case: its own workers expand it
        out = []
        for copy in await expand(event, sealer, sharing):
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
