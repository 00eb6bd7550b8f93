"""A service process: FastAPI app + faststream Kafka broker + MongoDB + outbox relay.

Every service builds its app with `create_service_app`, giving its settings, a function that
builds its typed context (what its handlers need), its HTTP routers and a function that
registers its Kafka subscribers. Background parts (periodic jobs, workers) are registered on
the runtime with `add_background`: started once the broker and relay run, stopped first.
Health: /healthz (process alive), /readyz (MongoDB and Kafka reachable).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from faststream.kafka import KafkaBroker

from .auth import PrincipalCheck, TokenVerifier, load_public_key
from .body_limit import BodyLimit
from .clock import Clock, system_clock
from .docs_ui import install_docs
from .errors import install_rule_errors
from .mongo import UnitOfWork, make_client
from .openapi_errors import declare_error_responses
from .outbox.relay import OutboxRelay
from .principal_status import wire_principal_status
from .query_params import refuse_undeclared_query
from .security_headers import SecurityHeaders
from .settings import ServiceSettings
from .telemetry import Telemetry
from .topics import ensure_topics

log = logging.getLogger(__name__)


class Background(Protocol):
    """A part that runs beside the requests: a periodic job, a worker."""

    def start(self) -> None: ...

    async def stop(self) -> None: ...


STOP_TIMEOUT_SECONDS = 5


@dataclass
class ServiceRuntime:
    """What a running service holds; reachable from routes as `request.app.state.runtime`.

    `context` is the service's own typed context (built by its `build_context`), also at
    `request.app.state.context`.
    """

    settings: ServiceSettings
    telemetry: Telemetry
    broker: KafkaBroker
    uow: UnitOfWork
    relay: OutboxRelay
    clock: Clock = system_clock
    context: Any = None
    background: list[Background] = field(default_factory=list)

    @property
    def topics(self):
        return self.settings.topics

    def add_background(self, part: Background) -> Background:
        self.background.append(part)
        return part

    def start_background(self) -> None:
        for part in self.background:
            part.start()

    async def stop_background(self) -> None:
        """Stop every part, last started first; a part that hangs is abandoned after 5 s."""
        for part in reversed(self.background):
            try:
                await asyncio.wait_for(part.stop(), STOP_TIMEOUT_SECONDS)
            except Exception:
                log.exception("background part did not stop cleanly", extra={"part": repr(part)})


BusWiring = Callable[[ServiceRuntime], None]
StartHook = Callable[[ServiceRuntime], "asyncio.Future | None"]
ContextFactory = Callable[[ServiceRuntime], Any]
PrincipalCheckFactory = Callable[[ServiceRuntime], PrincipalCheck]


async def service_context(request: Request) -> Any:
    """The FastAPI dependency every route uses to reach its service's context (what
    `build_context` made at start-up): `Annotated[<Svc>Context, Depends(service_context)]`.
    `async` on purpose: FastAPI runs a plain `def` dependency in its thread pool, a thread
    hand-off on every request (found by the requests benchmark, issue 12)."""
    return request.app.state.context


def create_service_app(
    settings: ServiceSettings,
    *,
    title: str,
    routers: Sequence[APIRouter] = (),
    wire_bus: BusWiring | Sequence[BusWiring | None] | None = None,
    on_start: Sequence[Callable] = (),
    telemetry: Telemetry | None = None,
    run_relay: bool = True,
    build_context: ContextFactory | None = None,
    clock: Clock = system_clock,
    body_limits: dict[str, int] | None = None,
    principal_check: PrincipalCheckFactory | None = None,
) -> FastAPI:
    """`principal_check` builds the check `current_principal` runs on every verified token
    (the directory's own, on its records); without it, `settings.principal_status` (on by
    default) wires the kernel's read model of the directory's events (X-054)."""
    telemetry = telemetry or Telemetry.setup(
        settings.service_name, endpoint=settings.otel_exporter_endpoint
    )
    client = make_client(settings.mongo_uri, event_listeners=telemetry.mongo_event_listeners())
    uow = UnitOfWork(client, settings.db_name)
    broker = KafkaBroker(
        settings.kafka_bootstrap, middlewares=[telemetry.kafka_middleware()], logger=log
    )
    runtime = ServiceRuntime(
        settings,
        telemetry,
        broker,
        uow,
        OutboxRelay(
            uow.db,
            settings.kafka_bootstrap,
            poll_seconds=settings.outbox_poll_seconds,
            idle_poll_seconds=settings.outbox_idle_poll_seconds,
            tracer_provider=telemetry.tracer_provider,
            wakeup=uow.outbox_written,
        ),
        clock=clock,
    )
    if build_context is not None:
        runtime.context = build_context(runtime)
    check: PrincipalCheck | None = None
    if principal_check is not None:
        check = principal_check(runtime)
    elif settings.principal_status:
        check = wire_principal_status(runtime)
    # a service's own wiring, plus any a test adds (e.g. a probe subscriber), in order
    wirings = wire_bus if isinstance(wire_bus, Sequence) else [wire_bus]
    for wiring in wirings:
        if wiring is not None:
            wiring(runtime)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        await ensure_topics(settings.kafka_bootstrap, settings.topics)
        await uow.ensure_indexes()
        for hook in on_start:
            await hook(runtime)
        await broker.start()
        relay_task = None
        if run_relay:
            await runtime.relay.start()
            relay_task = asyncio.create_task(runtime.relay.run_forever(), name="outbox-relay")
        runtime.start_background()
        try:
            yield
        finally:
            await runtime.stop_background()
            if relay_task is not None:
                runtime.relay.request_stop()
                # a relay stuck on a dead database must not hold up shutdown
                done, _ = await asyncio.wait({relay_task}, timeout=5)
                if not done:
                    relay_task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await relay_task
                await runtime.relay.stop()
            await broker.stop()
            await client.close()
            telemetry.shutdown()

    app = FastAPI(title=title, lifespan=lifespan, version="0.1.0", docs_url=None, redoc_url=None)
    docs_policy = install_docs(app, title)  # issue 9: no CDN
    app.state.runtime = runtime
    app.state.context = runtime.context
    app.state.principal_check = check
    app.state.token_verifier = TokenVerifier(
        load_public_key(settings.jwt_public_key_file, settings.environment),
        settings.jwt_issuer,
        max_lifetime=timedelta(minutes=settings.jwt_max_lifetime_minutes),
    )
    app.include_router(_health_router())
    for router in routers:
        # issue 9 #12: each route declares the error statuses it can answer, derived from it
        declare_error_responses(router)
        # issue 9 #12: a query parameter the route does not declare is refused (422 schema)
        app.include_router(router, dependencies=[Depends(refuse_undeclared_query)])
    install_rule_errors(app)
    # every body is capped (issue 9); `body_limits` gives upload routes their own cap by prefix
    app.add_middleware(BodyLimit, default=settings.max_body_bytes, by_prefix=body_limits or {})
    app.add_middleware(SecurityHeaders, docs_policy=docs_policy)
    telemetry.instrument_app(app)
    return app


def _health_router() -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/healthz")
    async def healthz(request: Request) -> dict:
        return {"status": "alive", "service": request.app.state.runtime.settings.service_name}

    @router.get("/readyz")
    async def readyz(request: Request) -> JSONResponse:
        runtime: ServiceRuntime = request.app.state.runtime
        checks = {"mongo": False, "kafka": False}
        with contextlib.suppress(Exception):
            await asyncio.wait_for(runtime.uow.client.admin.command("ping"), 2)
            checks["mongo"] = True
        with contextlib.suppress(Exception):
            checks["kafka"] = bool(await runtime.broker.ping(timeout=2))
        ready = all(checks.values())
        body: dict = {"ready": ready, "checks": checks}
        with contextlib.suppress(Exception):  # operators see rows the relay had to set aside
            body["outbox_set_aside"] = await asyncio.wait_for(
                runtime.relay.store.count_set_aside(), 2
            )
        return JSONResponse(body, status_code=200 if ready else 503)

    return router


def serve(app_factory: Callable[[ServiceSettings], FastAPI], settings: ServiceSettings) -> None:
    """Process entrypoint of a service: JSON logs, then uvicorn on the configured port."""
    import uvicorn

    from .logs import configure_logging

    configure_logging(settings.service_name, settings.log_level)
    uvicorn.run(
        app_factory(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        server_header=False,  # issue 9: do not advertise the server software
    )
