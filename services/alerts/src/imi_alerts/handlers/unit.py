"""The shape every origin command shares: one transaction that loads the alert and the actor,
calls the domain, publishes what it raised, and saves the alert (optimistic concurrency)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from imi_shared.auth import Principal
from imi_shared.mongo import Transaction

from ..adapters.alert_repository import AlertRepository
from ..adapters.directory_view import DirectoryView
from ..domain import Actor, Alert, ClosurePeriods
from .actors import actor_for
from .context import AlertsContext


@dataclass(frozen=True)
class Step:
    """What a command's domain call gets besides the alert and the actor."""

    tx: Transaction
    directory: DirectoryView
    now: datetime
    periods: ClosurePeriods  # X-048, of the deployment holding the alert


Action = Callable[[Alert, Actor, Step], Awaitable[object]]
T = TypeVar("T")


async def on_alert(
    ctx: AlertsContext,
    principal: Principal,
    alert_id: str,
    action: Action,
    *,
    elsewhere: Callable[[Transaction], Awaitable[T]] | None = None,
) -> Alert | T:
    """Run `action` on the stored alert as `principal`; returns the alert as saved. If the
    alert is not held here, `elsewhere` (the relay) runs in the same transaction instead."""

    async def work(tx: Transaction) -> Alert | T:
        repo = AlertRepository(tx.db, tx.session)
        directory = DirectoryView(tx.db, tx.session)
        stored = await (repo.find_one(alert_id) if elsewhere else repo.get(alert_id))
        if stored is None:
            assert elsewhere is not None
            return await elsewhere(tx)
        actor = await actor_for(principal, directory)
        known_before = list(stored.alert.deliveries)
        await action(
            stored.alert,
            actor,
            Step(tx, directory, not_before(stored.alert, ctx.now()), ctx.periods),
        )
        await ctx.publisher.publish(
            tx, stored, stored.alert.pull_events(), known_before=known_before
        )
        await repo.save(stored)
        return stored.alert

    outcome = await ctx.uow.run(work)
    assert outcome.value is not None
    return outcome.value


def not_before(alert: Alert, now: datetime) -> datetime:
    """`now`, or the alert's last history time if a clock elsewhere ran ahead (X-025 keeps the
    history in time order)."""
    return max(now, alert.history[-1].at) if alert.history else now


def plain(call: Callable[[Alert, Actor, Step], object]) -> Action:
    """Adapt a plain (synchronous) domain call to the `Action` shape."""

    async def action(alert: Alert, actor: Actor, step: Step) -> None:
        call(alert, actor, step)

    return action
