"""The alerts service process: `python -m imi_alerts.app` (or `create_app(settings)` in tests)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from imi_shared.errors import install_rule_errors
from imi_shared.runtime import ServiceRuntime, create_service_app, serve
from imi_shared.sealing import MongoKeyStore, Sealer

from .adapters.alert_repository import AlertRepository
from .adapters.directory_view import DirectoryView
from .adapters.inbox_repository import InboxRepository
from .domain import Forbidden, InvalidInput, InvalidState, NotFound
from .entrypoints import alert_commands, alert_follow_up, alert_reads, inbox_routes
from .entrypoints.dependencies import CONTEXT_KEY
from .entrypoints.fanout_worker import FanoutWorker
from .entrypoints.periodic import PeriodJob
from .entrypoints.subscribers import wire_subscribers
from .handlers.context import AlertsContext, Clock, system_clock
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

    def wire(runtime: ServiceRuntime) -> None:
        key_store = MongoKeyStore(runtime.uow.client[settings.keys_db_name])
        ctx = AlertsContext(
            settings, runtime.uow, sealer or Sealer(key_store), clock or system_clock
        )
        runtime.extras[CONTEXT_KEY] = ctx
        runtime.extras["period_job"] = PeriodJob(ctx)
        runtime.extras["fanout_worker"] = wire_subscribers(runtime, ctx)
        if wire_bus is not None:
            wire_bus(runtime)

    app = create_service_app(
        settings,
        title="IMI alerts",
        wire_bus=wire,
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
    _run_background_parts_with(app)
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


def _run_background_parts_with(app: FastAPI) -> None:
    """Start the period job and the fan-out worker once the service runs; stop them first."""
    service_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(a: FastAPI):
        async with service_lifespan(a) as state:
            extras = a.state.runtime.extras
            job: PeriodJob = extras["period_job"]
            worker: FanoutWorker | None = extras["fanout_worker"]
            job.start()
            if worker is not None:
                worker.start()
            try:
                yield state
            finally:
                if worker is not None:
                    await worker.stop()
                await job.stop()

    app.router.lifespan_context = lifespan


if __name__ == "__main__":  # pragma: no cover - process entrypoint
    serve(create_app, AlertsSettings())
