"""The shape every authority command handler shares, on the kernel's `CommandRunner`: in ONE
unit of work, load the authority, let the domain decide, save it (optimistic version check,
DIR-137) and queue its events on the outbox. What a change sees is the directory's `Unit` (the
runner's step): the transaction, the authority repository, the open cases and the time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from imi_shared.envelope import Envelope, Event
from imi_shared.mongo import Transaction
from imi_shared.runner import CommandRunner, Result

from ..adapters.authority_repository import AuthorityRepository
from ..adapters.open_cases import OpenCases
from ..adapters.publisher import emit
from ..adapters.sealed_events import seal_events
from ..bootstrap import DirectoryContext
from ..domain.actors import Actor
from ..domain.authority import Authority
from ..domain.reference import LegislativeAreaCatalog


@dataclass
class Unit:
    """What a change function sees (the runner's step): the transaction, the repositories and
    the time. `open_cases` is opened on first use (handler tests without it need no server)."""

    tx: Transaction
    authorities: AuthorityRepository
    now: datetime

    @cached_property
    def open_cases(self) -> OpenCases:
        return OpenCases(self.tx)

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


def runner(ctx: DirectoryContext) -> CommandRunner[Authority, Unit]:
    """The kernel's command runner over authorities, emitting on `imi.directory.events`
    (`run_new` / `run_change` / `run_delete` seal the events first, RET-004)."""

    def publish(tx: Transaction, events: Sequence[Event]) -> list[Envelope]:
        return emit(tx, ctx.topics, events)

    return CommandRunner(ctx.uow, AuthorityRepository, publish, clock=ctx.clock, step=Unit)


def _outcome(result: Result[Authority]) -> Outcome:
    return Outcome(result.aggregate, result.version, result.envelopes)


async def run_new(
    ctx: DirectoryContext, create: Callable[[Unit], Awaitable[tuple]], *, also: Also | None = None
) -> Outcome:
    """Create an aggregate: `create(unit)` returns (authority, events); `also` adds work in
    the same transaction (e.g. the first user, DIR-040 / DIR-044)."""

    async def build(unit: Unit) -> tuple[Authority, list[Event]]:
        authority, events = await create(unit)
        if also is not None:
            events = [*events, *await also(unit, authority, list(events))]
        return authority, await seal_events(ctx.sealer, events)

    return _outcome(await runner(ctx).create(build))


async def run_change(
    ctx: DirectoryContext,
    authority_id: str,
    change: Change,
    *,
    expected_version: int | None = None,
    also: Also | None = None,
) -> Outcome:
    """Load → `change` (domain) → optional `also` (same transaction) → save → emit."""

    async def decide(authority: Authority, unit: Unit) -> list[Event]:
        events = list(await change(unit, authority))
        if also is not None:
            events += await also(unit, authority, events)
        return await seal_events(ctx.sealer, events)

    return _outcome(
        await runner(ctx).change(authority_id, decide, expected_version=expected_version)
    )


async def run_delete(ctx: DirectoryContext, authority_id: str, change: Change) -> Outcome:
    async def decide(authority: Authority, unit: Unit) -> list[Event]:
        return await seal_events(ctx.sealer, await change(unit, authority))

    return _outcome(await runner(ctx).delete(authority_id, decide))
