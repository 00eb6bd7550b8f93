"""Kafka subscribers of the alerts service (thin: event → handler), all through the kernel's
idempotent `EventSubscriber` (processed marker + outbox in the handler's transaction).

- `imi.alerts.deliveries`, consumer `alerts-inbox-<deployment>`, the partitions of the
  participants in scope, in batches (`IMI_CONSUMER_BATCH_RECORDS`, one transaction a poll): `alert.copy_updated` (copies), and `alert.acknowledged`,
  `alert.forwarded`, `alert.recipient_removed`, `alert.command_relayed` (for the alerts
  originating here);
- `imi.directory.events`, consumer `alerts-directory-<deployment>`, all 31 partitions:
  authority events (the directory read model);
- `imi.alerts.fanout`, group `alerts-fanout` shared by every deployment's workers, or
  `alerts-fanout-<deployment id>` when the deployments keep their own keys: see `fanout_worker`;
- `imi.keys.events`, consumer `alerts-keys-<deployment>`, all partitions, when this deployment
  keeps its own keys: `case_key.shredded` from the owner of a case key tombstones our copy
  (RET-013/015); this deployment's own shreds are announced by the kernel's shred relay.

`<deployment>` is the deployment's database name; names carry the topic prefix (tests). The
directory read model needs every partition in every deployment, so its consumer assigns itself
all of them (no group rebalancing at start-up; offsets are committed under its name). Run one
inbox process per deployment: see the README.
"""

from __future__ import annotations

from datetime import timedelta

from imi_shared.consumer import EventSubscriber, Scope
from imi_shared.keys import CaseKeyShredded, apply_shred, keys_catalog, shred_relay
from imi_shared.participants import PARTICIPANTS
from imi_shared.runtime import ServiceRuntime

from ..adapters.delivery_messages import INBOX_ACTIONS, CommandRelayed, CopyUpdated
from ..adapters.directory_events import directory_catalog
from ..adapters.legacy_messages import deliveries_catalog
from ..handlers.context import AlertsContext
from ..handlers.directory import HANDLERS as DIRECTORY_HANDLERS
from ..handlers.inbox import copy_receiver
from ..handlers.inbox_replies import apply_inbox_action, apply_relayed_command
from .fanout_worker import FanoutWorker
from .periodic import period_job
from .retention_bus import wire_retention


def consumer_names(ctx: AlertsContext) -> dict[str, str]:
    prefix, deployment = ctx.settings.topic_prefix, ctx.settings.deployment
    sharing = ctx.key_sharing
    return {
        "fanout": f"{prefix}alerts-fanout"
        + (f"-{sharing.deployment_id}" if sharing is not None else ""),
        "inbox": f"{prefix}alerts-inbox-{deployment}",
        "directory": f"{prefix}alerts-directory-{deployment}",
        "keys": f"{prefix}alerts-keys-{deployment}",
    }


def wire_bus(runtime: ServiceRuntime) -> None:
    """The alerts deployment's bus side: the closure-period job, the fan-out worker (if this
    deployment runs one) and the inbox/directory subscribers, on the runtime's context."""
    ctx: AlertsContext = runtime.context
    runtime.add_background(period_job(ctx))
    worker = wire_subscribers(runtime, ctx)
    if worker is not None:
        runtime.add_background(worker)


def wire_subscribers(runtime: ServiceRuntime, ctx: AlertsContext) -> FanoutWorker | None:
    """Subscribe the inbox and the directory read model on the service's broker (unless
    `serve_inbox` is off); return the fan-out worker (its own broker, started with the app) if
    this deployment runs one."""
    topics, names = ctx.topics, consumer_names(ctx)
    worker = FanoutWorker(runtime, ctx, names["fanout"]) if ctx.settings.fanout_worker else None
    if not ctx.settings.serve_inbox:
        return worker

    async def on_inbox_action(event, envelope, tx):
        await apply_inbox_action(ctx, event, envelope, tx)

    async def on_relayed_command(event, envelope, tx):
        await apply_relayed_command(ctx, event, envelope, tx)

    inbox_handlers = {
        CopyUpdated.event_type: copy_receiver(ctx),
        CommandRelayed.event_type: on_relayed_command,
    }
    inbox_handlers.update({cls.event_type: on_inbox_action for cls in INBOX_ACTIONS})
    EventSubscriber(runtime.broker, runtime.uow, deliveries_catalog()).subscribe(
        topics.alerts_deliveries,
        names["inbox"],
        inbox_handlers,
        scope=Scope(ctx.settings.scope),
        batch=ctx.settings.consumer_batch,  # issue 10: a poll's copies in one transaction
    )
    EventSubscriber(runtime.broker, runtime.uow, directory_catalog()).subscribe(
        topics.directory_events, names["directory"], DIRECTORY_HANDLERS, scope=Scope(PARTICIPANTS)
    )
    wire_retention(runtime, ctx)  # case.locked / case.pd_deleted
    if ctx.key_sharing is not None:
        wire_key_shredding(runtime, ctx, names["keys"])
    return worker


def wire_key_shredding(runtime: ServiceRuntime, ctx: AlertsContext, name: str) -> None:
    """RET-013/015 across deployments: apply the owners' shreds, announce our own."""
    sharing = ctx.key_sharing
    assert sharing is not None

    async def on_shredded(event: CaseKeyShredded, envelope, tx) -> None:
        await apply_shred(sharing.store, event, own_id=sharing.deployment_id)
        ctx.sealer.forget(event.case_id)  # this process's cached key goes at once

    EventSubscriber(runtime.broker, runtime.uow, keys_catalog()).subscribe(
        ctx.topics.keys_events,
        name,
        {CaseKeyShredded.event_type: on_shredded},
        scope=Scope(PARTICIPANTS),
    )
    runtime.add_background(
        shred_relay(
            sharing.store,
            runtime.uow,
            ctx.topics.keys_events,
            owner=sharing.deployment_id,
            member_state=ctx.settings.scope[0],
            producer=ctx.settings.service_name,
            every=timedelta(seconds=ctx.settings.key_shred_relay_seconds),
        )
    )
