"""The notifier's typed context, built once per app by `build_context` (kernel runtime)."""

from __future__ import annotations

from dataclasses import dataclass, field

from imi_shared.clock import Clock, system_clock
from imi_shared.keys import kek_from_settings
from imi_shared.publishing import TopicPublisher
from imi_shared.runner import CommandRunner, InTransaction
from imi_shared.runtime import ServiceRuntime
from imi_shared.sealing import MongoKeyStore, Sealer

from .adapters.notification_repository import NotificationRepository
from .adapters.publisher import publisher
from .adapters.templates import load_templates
from .domain.rendering import Catalogue
from .settings import NotifierSettings


@dataclass(frozen=True)
class NotifierContext:
    settings: NotifierSettings
    uow: object  # imi_shared.mongo.UnitOfWork, or imi_testkit.FakeUnitOfWork in handler tests
    sealer: Sealer  # unseals the e-mail of `user.created` (key store shared with the directory)
    clock: Clock = system_clock
    # the e-mail templates, loaded at start from translation's catalogue (adapters.templates)
    templates: Catalogue = field(default_factory=load_templates)

    @property
    def publisher(self) -> TopicPublisher:
        return publisher(self.settings.topics)

    def runner(self, tx=None) -> CommandRunner:
        """The command runner; given `tx` (a consumed event's transaction) it runs inside it."""
        unit = self.uow if tx is None else InTransaction(tx)
        return CommandRunner(unit, NotificationRepository, self.publisher.emit, clock=self.clock)


def build_context(runtime: ServiceRuntime) -> NotifierContext:
    settings = runtime.settings
    assert isinstance(settings, NotifierSettings)
    keys = MongoKeyStore(runtime.uow.client[settings.keys_db_name], kek_from_settings(settings))
    templates = load_templates(settings.templates_file)
    return NotifierContext(settings, runtime.uow, Sealer(keys), runtime.clock, templates)
