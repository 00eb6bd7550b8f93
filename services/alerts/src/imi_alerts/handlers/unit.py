"""The shape every origin command shares, on the kernel's `CommandRunner`: one transaction
that loads the alert, finds the actor, calls the domain, saves the alert (optimistic
concurrency) and queues what it raised on the outbox."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from imi_shared.auth import Principal
from imi_shared.runner import CommandRunner

from ..adapters.alert_repository import AlertRepository, StoredAlert
from ..adapters.directory_view import DirectoryReads
from ..adapters.publisher import Publication
from ..domain import Actor, Alert, AlertEvent, ClosurePeriods, require_visible
from ..domain.rights import require_may_act
from .actors import actor_for
from .context import AlertsContext


@dataclass(frozen=True)
class Step:
    """What a command's domain call gets besides the alert and the actor."""

    tx: Any
    now: datetime
    periods: ClosurePeriods  # X-048, of the deployment holding the alert

    @functools.cached_property
    def directory(self) -> DirectoryReads:
        """The directory read model, read in the step's transaction (X-054)."""
        return DirectoryReads.within(self.tx)

    def no_earlier_than(self, alert: Alert) -> Step:
        return dataclasses.replace(self, now=not_before(alert, self.now))


Action = Callable[[Alert, Actor, Step], Awaitable[object]]


def alerts_runner(
    ctx: AlertsContext, prepared: list[Publication]
) -> CommandRunner[StoredAlert, Step]:
    """A runner whose `emit` queues the last publication its `decide` prepared (the
    distribution is sealed, and the copies' sequence numbers taken, before the save)."""

    def step(tx, repository: AlertRepository, now: datetime) -> Step:
        return Step(tx, now, ctx.periods)

    def emit(tx, events) -> list:
        return prepared[-1].emit(tx) if prepared else []

    return CommandRunner(ctx.uow, AlertRepository, emit, clock=ctx.clock, step=step)


async def publishing(
    ctx: AlertsContext,
    prepared: list[Publication],
    stored: StoredAlert,
    known_before: list[str],
) -> list[AlertEvent]:
    """The events the domain raised on `stored`, prepared for the runner's `emit`."""
    events = stored.alert.pull_events()
    prepared.append(await ctx.publisher.prepare(stored, events, known_before=known_before))
    return events


async def on_alert(
    ctx: AlertsContext, principal: Principal, alert_id: str, action: Action
) -> Alert:
    """Run `action` on the alert held here as `principal`; returns the alert as saved
    (`AlertNotHere`, ALR-080, if this deployment does not hold it; `AlertUnknown` if the
    caller may not see it, X-010)."""
    prepared: list[Publication] = []

    async def decide(stored: StoredAlert, step: Step) -> list[AlertEvent]:
        actor = await actor_for(principal, step.directory)
        require_visible(stored.alert, actor)  # rights first, "not yours" is absent
        require_may_act(actor)  # ALR-013 / X-003 before any state rule
        known_before = list(stored.alert.deliveries)
        await action(stored.alert, actor, step.no_earlier_than(stored.alert))
        return await publishing(ctx, prepared, stored, known_before)

    async with ctx.command_slots:  # issue 10: admission before the transaction opens
        result = await alerts_runner(ctx, prepared).change(alert_id, decide)
    assert result.aggregate is not None
    return result.aggregate.alert


def not_before(alert: Alert, now: datetime) -> datetime:
    """`now`, or the alert's last history time if a clock elsewhere ran ahead (X-025 keeps the
    history in time order)."""
    return max(now, alert.history[-1].at) if alert.history else now


def plain(call: Callable[[Alert, Actor, Step], object]) -> Action:
    """Adapt a plain (synchronous) domain call to the `Action` shape."""

    async def action(alert: Alert, actor: Actor, step: Step) -> None:
        call(alert, actor, step)

    return action
