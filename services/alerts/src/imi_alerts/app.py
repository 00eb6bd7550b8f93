"""The alerts service process: `python -m imi_alerts.app` (or `create_app(settings)` in tests)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from imi_shared.clock import Clock, system_clock
from imi_shared.errors import install_rule_errors
from imi_shared.runtime import ServiceRuntime, create_service_app, serve
from imi_shared.sealing import MongoKeyStore, Sealer

from .adapters.alert_repository import AlertRepository
from .adapters.directory_view import DirectoryView
from .adapters.inbox_repository import InboxRepository
from .domain import Forbidden, InvalidInput, InvalidState, NotFound
from .entrypoints import alert_commands, alert_follow_up, alert_reads, inbox_routes
from .entrypoints.periodic import period_job
from .entrypoints.subscribers import wire_subscribers
from .handlers.context import AlertsContext
from .handlers.scope import OutOfScope
from .settings import AlertsSettings

RULE_STATUSES = {
    Forbidden: 403,
    NotFound: 404,
    InvalidState: 409,
    InvalidInput: 422,
    OutOfScope: 421,
}


async def _ensure_indexes(runtime: ServiceRuntime) -> None:
    db = runtime.uow.db
    await AlertRepository.ensure_indexes(db)
    await InboxRepository.ensure_indexes(db)
    await DirectoryView.ensure_indexes(db)


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
        key_store = MongoKeyStore(runtime.uow.client[settings.keys_db_name])
        return AlertsContext(settings, runtime.uow, sealer or Sealer(key_store), runtime.clock)

    def wire(runtime: ServiceRuntime) -> None:
        ctx: AlertsContext = runtime.context
        runtime.add_background(period_job(ctx))
        worker = wire_subscribers(runtime, ctx)
        if worker is not None:
            runtime.add_background(worker)
        if wire_bus is not None:
            wire_bus(runtime)

    app = create_service_app(
        settings,
        title="IMI alerts",
        build_context=build_context,
        wire_bus=wire,
        clock=clock or system_clock,
        on_start=[_ensure_indexes, *on_start],
        routers=[
            alert_commands.router,
            alert_follow_up.router,
            alert_reads.router,
            inbox_routes.router,
            *routers,
        ],
        **options,
    )
    install_rule_errors(app, RULE_STATUSES)
    app.add_exception_handler(ValidationError, _invalid_value)
    return app


async def _invalid_value(request: Request, exc: ValidationError) -> JSONResponse:
    """A value the domain's models refuse (e.g. a coordinator of the Commission): 422."""
    first = exc.errors()[0] if exc.errors() else {}
    return JSONResponse(
        {
            "rule": None,
            "error": first.get("msg", str(exc)),
            "field": ".".join(str(p) for p in first.get("loc", ())) or None,
        },
        status_code=422,
    )


if __name__ == "__main__":  # pragma: no cover - process entrypoint
    serve(create_app, AlertsSettings())
