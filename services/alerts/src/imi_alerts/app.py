"""The alerts service process: `python -m imi_alerts.app` (or `create_app(settings)` in tests)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fastapi import APIRouter, FastAPI

from imi_shared.clock import Clock, system_clock
from imi_shared.keys import kek_from_settings, key_sharing_from_settings
from imi_shared.runtime import ServiceRuntime, create_service_app, serve
from imi_shared.sealing import MongoKeyStore, Sealer

from .adapters.alert_repository import AlertRepository
from .adapters.directory_view import DirectoryView
from .adapters.inbox_repository import InboxRepository
from .entrypoints import http
from .entrypoints.bus import wire_bus as wire_alerts_bus
from .handlers.context import AlertsContext
from .settings import AlertsSettings


async def _ensure_indexes(runtime: ServiceRuntime) -> None:
    db = runtime.uow.db
    await AlertRepository.ensure_indexes(db)
    await InboxRepository.ensure_indexes(db)
    await DirectoryView.ensure_indexes(db)
    sharing = runtime.context.key_sharing
    if sharing is not None:  # the shred relay polls its marks (keys/shredding.py)
        await sharing.store.collection.create_index("announce", sparse=True)


def create_app(
    settings: AlertsSettings | None = None,
    *,
    clock: Clock | None = None,
    sealer: Sealer | None = None,
    wire_bus: Callable | None = None,
    routers: Sequence[APIRouter] = (),
    on_start: Sequence[Callable] = (),
    **options,
) -> FastAPI:
    """The app; `clock` (period job and every command's time) and `sealer` are injectable."""
    settings = settings or AlertsSettings()

    def build_context(runtime: ServiceRuntime) -> AlertsContext:
        if sealer is None:  # the KEK is outside MongoDB (IMI_KEK_FILE / IMI_KEK, or a KMS)
            keys = runtime.uow.client[settings.keys_db_name]
            shares = bool(settings.deployment_key_file or settings.deployment_key)
            store = MongoKeyStore(keys, kek_from_settings(settings), announce_shreds=shares)
            return AlertsContext(
                settings,
                runtime.uow,
                Sealer(store),
                runtime.clock,
                key_sharing_from_settings(settings, store),
            )
        return AlertsContext(settings, runtime.uow, sealer, runtime.clock)

    app = create_service_app(
        settings,
        title="IMI alerts",
        build_context=build_context,
        wire_bus=[wire_alerts_bus, wire_bus],
        clock=clock or system_clock,
        on_start=[_ensure_indexes, *on_start],
        routers=[*http.routers(), *routers],
        **options,
    )
    return app


if __name__ == "__main__":  # pragma: no cover - process entrypoint
    serve(create_app, AlertsSettings())
