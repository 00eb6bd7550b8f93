"""The requests service's typed context: what its handlers and routes need, built once by
`build_context` (at app creation) or directly in handler tests (FakeUnitOfWork + FakeClock)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from imi_shared.clock import Clock, system_clock
from imi_shared.keys import KeySharing, kek_from_settings, key_sharing_from_settings
from imi_shared.runner import CommandRunner
from imi_shared.runtime import ServiceRuntime
from imi_shared.sealing import MongoKeyStore, Sealer

from .adapters.directory_cache import DirectoryCache
from .adapters.directory_view import DirectoryView
from .adapters.publisher import publisher
from .adapters.request_numbers import AtomicNumbers, TransactionalNumbers
from .adapters.request_repository import RequestRepository
from .domain.request import Request
from .reports import ReportGenerator
from .settings import RequestsSettings


@dataclass(frozen=True)
class RequestStep:
    """What a command's decision sees: the transaction, the repository, the time and the
    directory read model (X-054)."""

    tx: Any
    repository: RequestRepository
    now: datetime
    directory_cache: DirectoryCache | None = None  # issue 12: the process's short-lived copy

    @property
    def directory(self) -> DirectoryView:
        return DirectoryView.of(self.tx, self.directory_cache)


@dataclass(frozen=True)
class RequestsContext:
    settings: RequestsSettings
    uow: Any  # imi_shared.mongo.UnitOfWork, or imi_testkit.FakeUnitOfWork
    clock: Clock
    sealer: Sealer
    runner: CommandRunner[Request, RequestStep]
    reports: ReportGenerator  # REQ-099: signing material loaded at start
    key_sharing: KeySharing | None = None  # None: one key store shared by the deployments
    directory_cache: DirectoryCache | None = None  # what the commands' directory reads keep
    numbers: Any = field(default_factory=TransactionalNumbers)  # X-024 (request_numbers)

    @classmethod
    def create(
        cls,
        settings: RequestsSettings,
        uow: Any,
        clock: Clock = system_clock,
        *,
        sealer: Sealer,
        reports: ReportGenerator | None = None,
        key_sharing: KeySharing | None = None,
        numbers: Any = None,
    ) -> RequestsContext:
        cache = DirectoryCache(settings.directory_cache_seconds)

        def step(tx: Any, repository: RequestRepository, now: datetime) -> RequestStep:
            return RequestStep(tx, repository, now, cache)

        runner: CommandRunner[Request, RequestStep] = CommandRunner(
            uow, RequestRepository, publisher(settings.topics, clock), clock=clock, step=step
        )
        reports = reports or ReportGenerator.from_settings(settings, clock)
        numbers = numbers or TransactionalNumbers()
        return cls(settings, uow, clock, sealer, runner, reports, key_sharing, cache, numbers)

    @property
    def list_consumer(self) -> str:
        """The consumer of the action-list and search read model (§4.12)."""
        return f"{self.settings.db_name}.request-list"

    @property
    def relay_consumer(self) -> str:
        """The consumer of what other deployments relay to this one's states (X-001)."""
        return f"{self.settings.db_name}.request-relay"

    @property
    def directory_consumer(self) -> str:
        return f"{self.settings.db_name}.directory-view"


def build_context(runtime: ServiceRuntime) -> RequestsContext:
    settings = runtime.settings
    assert isinstance(settings, RequestsSettings)
    keys = MongoKeyStore(runtime.uow.client[settings.keys_db_name], kek_from_settings(settings))
    return RequestsContext.create(
        settings,
        runtime.uow,
        runtime.clock,
        sealer=Sealer(keys),
        key_sharing=key_sharing_from_settings(settings, keys),  # X-001 relay (docs/KEYS.md)
        numbers=AtomicNumbers(runtime.uow.db),
    )
