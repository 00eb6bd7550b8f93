"""The shape every authority command handler shares: in ONE unit of work, load the authority,
let the domain decide, save it (optimistic version check) and queue its events on the outbox.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from imi_shared.envelope import Envelope, Event
from imi_shared.mongo import Transaction

from ..adapters.authority_repository import AuthorityRepository
from ..adapters.open_cases import OpenCases
from ..adapters.publisher import emit
from ..bootstrap import DirectoryContext
from ..domain.actors import Actor
from ..domain.authority import Authority
from ..domain.reference import LegislativeAreaCatalog


@dataclass
class Unit:
    """What a change function sees: the transaction, the repositories and the time."""

    tx: Transaction
    authorities: AuthorityRepository
    open_cases: OpenCases
    now: datetime

    async def coordinator_of(self, actor: Actor) -> Authority | None:
        """The actor's own authority (the coordinator it acts for); None for the helpdesk or
        an unknown authority (the domain then refuses the action as not permitted)."""
        if not actor.is_user or not actor.authority_id:
            return None
        return await self.authorities.find(actor.authority_id)

    async def others_of(self, member_state: str) -> list[Authority]:
        return await self.authorities.coordinators_of(member_state)


@dataclass(frozen=True)
class Outcome:
    authority: Authority | None
    version: int | None
    envelopes: list[Envelope]

    @property
    def event_types(self) -> list[str]:
        return [e.event_type for e in self.envelopes]


Change = Callable[[Unit, Authority], Awaitable[list[Event]]]
Also = Callable[[Unit, Authority, list[Event]], Awaitable[list[Event]]]


def catalog_of(ctx: DirectoryContext) -> LegislativeAreaCatalog:
    return LegislativeAreaCatalog.from_reference(ctx.reference.legislative_areas())


async def run_new(
    ctx: DirectoryContext, create: Callable[[Unit], Awaitable[tuple]], *, also: Also | None = None
) -> Outcome:
    """Create an aggregate: `create(unit)` returns (authority, events); `also` adds work in
    the same transaction (e.g. the first user, DIR-040 / DIR-044)."""

    async def work(tx: Transaction) -> Outcome:
        unit = _unit(ctx, tx)
        authority, events = await create(unit)
        await unit.authorities.add(authority)
        if also is not None:
            events = [*events, *await also(unit, authority, list(events))]
        return Outcome(authority, 1, emit(tx, ctx.topics, events))

    return (await ctx.uow.run(work)).value


async def run_change(
    ctx: DirectoryContext,
    authority_id: str,
    change: Change,
    *,
    expected_version: int | None = None,
    also: Also | None = None,
) -> Outcome:
    """Load → `change` (domain) → optional `also` (same transaction) → save → emit."""

    async def work(tx: Transaction) -> Outcome:
        unit = _unit(ctx, tx)
        authority = await unit.authorities.get(authority_id, expected_version=expected_version)
        events = list(await change(unit, authority))
        if also is not None:
            events += await also(unit, authority, events)
        version = await unit.authorities.save(authority)
        return Outcome(authority, version, emit(tx, ctx.topics, events))

    return (await ctx.uow.run(work)).value


async def run_delete(ctx: DirectoryContext, authority_id: str, change: Change) -> Outcome:
    async def work(tx: Transaction) -> Outcome:
        unit = _unit(ctx, tx)
        authority = await unit.authorities.get(authority_id)
        events = await change(unit, authority)
        await unit.authorities.delete(authority)
        return Outcome(None, None, emit(tx, ctx.topics, events))

    return (await ctx.uow.run(work)).value


def _unit(ctx: DirectoryContext, tx: Transaction) -> Unit:
    return Unit(tx, AuthorityRepository(tx), OpenCases(tx), ctx.clock())
