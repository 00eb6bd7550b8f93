"""The registers service's typed context, built once by `build_context` (at app creation) or
directly in handler tests (FakeUnitOfWork + FakeClock)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from imi_shared.clock import Clock, system_clock
from imi_shared.runner import CommandRunner
from imi_shared.runtime import ServiceRuntime

from .adapters.publisher import publisher
from .adapters.register_repository import RegisterRepository
from .domain.register import Register
from .domain.search_query import LabelTerms
from .reference import Reference, default_reference
from .settings import RegistersSettings


@dataclass(frozen=True)
class RegistersContext:
    settings: RegistersSettings
    uow: Any  # imi_shared.mongo.UnitOfWork, or imi_testkit.FakeUnitOfWork
    clock: Clock
    runner: CommandRunner[Register, Any]
    reference: Reference
    terms: LabelTerms

    @classmethod
    def create(
        cls, settings: RegistersSettings, uow: Any, clock: Clock = system_clock
    ) -> RegistersContext:
        runner: CommandRunner[Register, Any] = CommandRunner(
            uow, RegisterRepository, publisher(settings.topics), clock=clock
        )
        reference = default_reference()
        return cls(settings, uow, clock, runner, reference, LabelTerms(reference))

    def consumer(self, name: str) -> str:
        """Consumer group (and idempotency namespace) of one of the service's consumers."""
        return f"{self.settings.db_name}.{name}"

    @property
    def managed_consumer(self) -> str:
        """The managed-registers read model's consumer (REG-026)."""
        return self.consumer("managed-registers")


def build_context(runtime: ServiceRuntime) -> RegistersContext:
    settings = runtime.settings
    assert isinstance(settings, RegistersSettings)
    return RegistersContext.create(settings, runtime.uow, runtime.clock)
