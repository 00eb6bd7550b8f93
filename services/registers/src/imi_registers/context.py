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
from .settings import RegistersSettings


@dataclass(frozen=True)
class RegistersContext:
    settings: RegistersSettings
    uow: Any  # imi_shared.mongo.UnitOfWork, or imi_testkit.FakeUnitOfWork
    clock: Clock
    runner: CommandRunner[Register, Any]

    @classmethod
    def create(
        cls, settings: RegistersSettings, uow: Any, clock: Clock = system_clock
    ) -> RegistersContext:
        runner: CommandRunner[Register, Any] = CommandRunner(
            uow, RegisterRepository, publisher(settings.topics), clock=clock
        )
        return cls(settings, uow, clock, runner)

    @property
    def managed_consumer(self) -> str:
        """Consumer group (and idempotency namespace) of the managed-registers read model."""
        return f"{self.settings.db_name}.managed-registers"


def build_context(runtime: ServiceRuntime) -> RegistersContext:
    settings = runtime.settings
    assert isinstance(settings, RegistersSettings)
    return RegistersContext.create(settings, runtime.uow, runtime.clock)
