"""The recipient side: keep the copies of the participants in scope, and let their
incoming-alerts mailboxes acknowledge, forward and remove recipients (ALR-022..027,
ALR-058..060). Each action is checked by the domain's `Delivery` rules on the local copy,
applied to it at once, and sent back to the origin on its partition of `imi.alerts.deliveries`.
A copy from a deployment keeping its own keys carries the case key wrapped for this one: it is
imported into this deployment's key store (under its own KEK) before the copy is unsealed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from imi_shared.auth import Principal
from imi_shared.envelope import Envelope
from imi_shared.mongo import Transaction
from imi_shared.participants import partition_for
from imi_shared.sealing import KeyShredded, Sealer

from ..adapters.delivery_messages import (
    CopyUpdated,
    InboxAcknowledged,
    InboxForwarded,
    InboxRecipientRemoved,
)
from ..adapters.directory_view import DirectoryView
from ..adapters.inbox_batch import WRITE_BEHIND, InboxWriteBehind
from ..adapters.inbox_repository import InboxRepository, StoredCopy
from ..adapters.legacy_messages import CopyUpdatedV1
from ..adapters.publisher import PRODUCER
from ..copies.actions import InboxActionKind, LocalAction
from ..copies.changes import CopyChange
from ..copies.distributed import CopyContent
from ..copies.model import InboxCopy
from ..copies.visibility import copy_access
from ..domain import AlertUnknown, NoAccess
from ..domain.rights import require_forwarder, require_may_act
from .actors import actor_for, recipient_authorities
from .context import AlertsContext

#: the rule of the forwarder right each inbox action needs (ALR-022, ALR-059, ALR-026)
RIGHT_RULES = {"acknowledge": "ALR-022", "forward": "ALR-059", "remove": "ALR-026"}


async def open_copy(
    update: CopyUpdated | CopyUpdatedV1, sealer: Sealer
) -> tuple[CopyUpdated, CopyContent | None, CopyChange | None]:
    """The update and its whole copy or its change, unsealed under the case key (both None:
    the key is shredded, the update only advances the sequence); a 1.0 update (in clear) is
    upcast."""
    if isinstance(update, CopyUpdatedV1):
        return (*update.upcast(), None)
    sealed = update.sealed_copy or update.sealed_change
    if sealed is None:
        return update, None, None
    try:
        opened = await sealer.unseal(sealed)
    except KeyShredded:
        return update, None, None
    if update.sealed_copy is not None:
        return update, CopyContent.model_validate(opened), None
    return update, None, CopyChange.model_validate(opened)


def copy_receiver(ctx: AlertsContext):
    """The inbox subscriber's handler of `alert.copy_updated` (idempotent, in order)."""

    async def on_copy(
        update: CopyUpdated | CopyUpdatedV1, envelope: Envelope, tx: Transaction
    ) -> None:
        if update.participant not in ctx.settings.scope and not ctx.settings.commission_view:
            return
        if ctx.key_sharing is not None and isinstance(update, CopyUpdated):
            await ctx.key_sharing.accept(update.key_shares)  # into OUR key store, first
        update, content, change = await open_copy(update, ctx.sealer)
        # issue 10: the batch's copies read in one query, written in one bulk command
        repo = tx.write_behind(WRITE_BEHIND, InboxWriteBehind)
        stored = await repo.find_one(update.alert_id, update.participant) or StoredCopy(
            InboxCopy(alert_id=update.alert_id, participant=update.participant)
        )
        keep_pd = not ctx.settings.commission_view
        if stored.copy.receive(
            update, content, keep_personal_data=keep_pd, now=ctx.now(), change=change
        ):
            repo.save(stored)

    return on_copy


async def act_on_copy(
    ctx: AlertsContext,
    principal: Principal,
    alert_id: str,
    kind: InboxActionKind,
    *,
    authority_ids: Sequence[str] = (),
    authority_id: str | None = None,
) -> InboxCopy:
    """ALR-022 / ALR-058 acknowledge; ALR-023..025 / ALR-059 forward; ALR-026 / ALR-060 remove."""

    async def work(tx: Transaction) -> InboxCopy:
        directory = DirectoryView(tx.db, tx.session)
        actor = await actor_for(principal, directory)
        repo = InboxRepository(tx.db, tx.session)
        stored = await repo.find_one(alert_id, actor.member_state)
        if stored is None or not stored.copy.delivered:
            raise AlertUnknown()  # X-010 / ALR-080
        copy = stored.copy
        try:  # rights first -- a copy the caller may not see is answered as absent
            copy_access(copy, actor, commission_view=ctx.settings.commission_view)
        except NoAccess:
            raise AlertUnknown() from None
        require_may_act(actor)
        # the mailbox's right before the copy's status and the input (issue 9)
        require_forwarder(actor, RIGHT_RULES[kind], f"the mailbox's {kind}")
        copy.require_open_for(kind)
        action = LocalAction(
            action_id=str(uuid.uuid4()),
            kind=kind,
            actor=actor,
            at=ctx.now(),
            authorities=tuple(await recipient_authorities(directory, authority_ids, "ALR-023"))
            if kind == "forward"
            else (),
            authority_id=authority_id,
            status_at_removal=copy.alert_status,
        )
        copy.act(action)
        copy.updated_at = action.at
        await repo.save(stored)
        tx.emit(
            _reply_envelope(copy, action),
            ctx.topics.alerts_deliveries,
            key=copy.alert_id,
            partition=partition_for(copy.origin_ms),
        )
        return copy

    outcome = await ctx.uow.run(work)
    assert outcome.value is not None
    return outcome.value


def _reply_envelope(copy: InboxCopy, action: LocalAction) -> Envelope:
    common = dict(
        alert_id=copy.alert_id,
        number=copy.number,
        origin_ms=copy.origin_ms,
        member_state=copy.participant,
        actor=action.actor,
        occurred_at=action.at,
    )
    if action.kind == "acknowledge":
        event = InboxAcknowledged(**common)
    elif action.kind == "forward":
        event = InboxForwarded(**common, authorities=action.authorities)
    else:
        event = InboxRecipientRemoved(**common, authority_id=action.authority_id)
    envelope = Envelope.wrap(
        event,
        producer=PRODUCER,
        member_state=copy.participant,
        occurred_at=action.at,
    )
    return envelope.model_copy(update={"event_id": uuid.UUID(action.action_id)})
