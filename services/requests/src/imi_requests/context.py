"""The requests service's typed context: what its handlers and routes need, built once by
`build_context` (at app creation) or directly in handler tests (FakeUnitOfWork + FakeClock)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from imi_shared.clock import Clock, system_clock
from imi_shared.runner import CommandRunner
from imi_shared.runtime import ServiceRuntime

from .adapters.publisher import publisher
from .adapters.request_repository import RequestRepository
from .domain.request import Request
from .settings import RequestsSettings


@dataclass(frozen=True)
class RequestsContext:
    settings: RequestsSettings
    uow: Any  # imi_shared.mongo.UnitOfWork, or imi_testkit.FakeUnitOfWork
    clock: Clock
    runner: CommandRunner[Request, Any]

    @classmethod
    def create(
        cls, settings: RequestsSettings, uow: Any, clock: Clock = system_clock
    ) -> RequestsContext:
        runner: CommandRunner[Request, Any] = CommandRunner(
            uow, RequestRepository, publisher(settings.topics), clock=clock
        )
        return cls(settings, uow, clock, runner)

    @property
    def incoming_consumer(self) -> str:
        """The consumer group (and idempotency namespace) of the incoming-requests read model."""
        return f"{self.settings.db_name}.incoming-requests"


def build_context(runtime: ServiceRuntime) -> RequestsContext:
    settings = runtime.settings
    assert isinstance(settings, RequestsSettings)
    return RequestsContext.create(settings, runtime.uow, runtime.clock)
