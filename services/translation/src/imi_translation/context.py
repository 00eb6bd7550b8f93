"""Translation's typed context, built once per app by `build_context` (kernel runtime)."""

from __future__ import annotations

from dataclasses import dataclass, field

from imi_shared.clock import Clock, system_clock
from imi_shared.runner import CommandRunner, InTransaction
from imi_shared.runtime import ServiceRuntime

from .adapters.catalogue_repository import CatalogueRepository
from .adapters.mt_engine import TranslationEngine, engine_from
from .adapters.name_repository import NameRepository
from .adapters.publisher import publisher
from .domain.free_text import MtPairs
from .settings import TranslationSettings


@dataclass(frozen=True)
class TranslationContext:
    settings: TranslationSettings
    uow: object  # imi_shared.mongo.UnitOfWork, or imi_testkit.FakeUnitOfWork in handler tests
    clock: Clock = system_clock
    engine: TranslationEngine | None = None  # TRL-005: None, no pair is offered
    mt_pairs: MtPairs = field(default_factory=lambda: MtPairs(()))

    @property
    def runner(self) -> CommandRunner:
        emit = publisher(self.settings.topics).emit
        return CommandRunner(self.uow, NameRepository, emit, clock=self.clock)

    def names_runner_in(self, tx) -> CommandRunner:
        """Names commands inside a consumer's transaction (the event handled once)."""
        emit = publisher(self.settings.topics).emit
        return CommandRunner(InTransaction(tx), NameRepository, emit, clock=self.clock)

    @property
    def catalogue_runner(self) -> CommandRunner:
        emit = publisher(self.settings.topics).emit
        return CommandRunner(self.uow, CatalogueRepository, emit, clock=self.clock)


def build_context(runtime: ServiceRuntime) -> TranslationContext:
    settings = runtime.settings
    assert isinstance(settings, TranslationSettings)
    return TranslationContext(
        settings,
        runtime.uow,
        runtime.clock,
        engine=engine_from(settings),
        mt_pairs=MtPairs.parse(settings.mt_pairs),
    )
