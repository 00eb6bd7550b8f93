"""Load, decide, save, emit: the one shape of every command handler, in one unit of work.

    result = await runner.change(aggregate_id, decide)

loads the aggregate through the service's versioned repository, lets the domain decide (a pure
call returning past-tense events), saves the aggregate (optimistic version check) and queues
the events on the outbox -- all in one transaction, retried whole on a write conflict. `create`
and `delete` are the same shape without the load or without the save. With `consumed` (the
event being handled) and `consumer`, the run is also idempotent (a redelivery has no effect).

What a `decide` call sees besides the aggregate is the service's own `Step` (built by
`step_factory` from the transaction, the repository and the time: lookups the rule needs).
Turning events into envelopes on topics is the service's `emit` (it knows its topics).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from .clock import Clock, now_utc, system_clock
from .envelope import Envelope, Event
from .mongo import Outcome
from .repository import VersionedRepository

A = TypeVar("A")
S = TypeVar("S")
Emit = Callable[[Any, Sequence[Event]], Sequence[Envelope]]


@dataclass(frozen=True)
class Step(Generic[A]):
    """The default step: the transaction, the repository and the time of the command."""

    tx: Any
    repository: VersionedRepository[A]
    now: datetime


@dataclass(frozen=True)
class Result(Generic[A]):
    aggregate: A | None
    version: int | None
    envelopes: list[Envelope]
    duplicate: bool = False

    @property
    def event_types(self) -> list[str]:
        return [e.event_type for e in self.envelopes]


async def _maybe(value):
    return await value if inspect.isawaitable(value) else value


class InTransaction:
    """A unit of work that is an already open transaction: a consumer's `EventSubscriber`
    opens one per event (holding its processed-event marker), and a `CommandRunner` built on
    this runs load-decide-save-emit inside it -- one commit for marker, aggregate and outbox."""

    def __init__(self, tx) -> None:
        self.tx = tx

    async def run(self, work, *, consumed=None, consumer=None) -> Outcome:
        return Outcome(await work(self.tx))


class CommandRunner(Generic[A, S]):
    def __init__(
        self,
        uow,
        repository: Callable[[Any], VersionedRepository[A]],
        emit: Emit,
        *,
        clock: Clock = system_clock,
        step: Callable[[Any, VersionedRepository[A], datetime], S] | None = None,
    ) -> None:
        self.uow = uow
        self.repository = repository
        self.emit = emit
        self.clock = clock
        self.step_factory: Callable[[Any, VersionedRepository[A], datetime], Any] = step or Step

    async def create(
        self,
        build: Callable[[S], Awaitable[tuple[A, Sequence[Event]]] | tuple[A, Sequence[Event]]],
        **idempotency: Any,
    ) -> Result[A]:
        """`build(step)` returns the new aggregate and its events."""

        async def work(tx) -> Result[A]:
            repo, step = self._open(tx)
            aggregate, events = await _maybe(build(step))
            version = await repo.add(aggregate)
            return Result(aggregate, version, list(self.emit(tx, list(events))))

        return await self._run(work, **idempotency)

    async def change(
        self,
        aggregate_id: str,
        decide: Callable[[A, S], Awaitable[Sequence[Event]] | Sequence[Event]],
        *,
        expected_version: int | None = None,
        **idempotency: Any,
    ) -> Result[A]:
        """Load → `decide(aggregate, step)` → save → emit."""

        async def work(tx) -> Result[A]:
            repo, step = self._open(tx)
            aggregate = await repo.get(aggregate_id, expected_version=expected_version)
            events = list(await _maybe(decide(aggregate, step)))
            version = await repo.save(aggregate)
            return Result(aggregate, version, list(self.emit(tx, events)))

        return await self._run(work, **idempotency)

    async def delete(
        self,
        aggregate_id: str,
        decide: Callable[[A, S], Awaitable[Sequence[Event]] | Sequence[Event]],
        **idempotency: Any,
    ) -> Result[A]:
        async def work(tx) -> Result[A]:
            repo, step = self._open(tx)
            aggregate = await repo.get(aggregate_id)
            events = list(await _maybe(decide(aggregate, step)))
            await repo.delete(aggregate)
            return Result(None, None, list(self.emit(tx, events)))

        return await self._run(work, **idempotency)

    def _open(self, tx) -> tuple[VersionedRepository[A], S]:
        repo = self.repository(tx)
        step: S = self.step_factory(tx, repo, now_utc(self.clock))
        return repo, step

    async def _run(self, work, *, consumed: Envelope | None = None, consumer: str | None = None):
        outcome = await self.uow.run(work, consumed=consumed, consumer=consumer)
        if outcome.duplicate:
            return Result(None, None, [], duplicate=True)
        return outcome.value
