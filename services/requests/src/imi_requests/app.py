"""The requests service process: `python -m imi_requests.app` (or `create_app(settings)` in tests)."""

from collections.abc import Callable, Sequence

from fastapi import APIRouter, FastAPI

from imi_shared.clock import Clock, system_clock
from imi_shared.runtime import ServiceRuntime, create_service_app, serve

from .context import build_context
from .entrypoints.bus import wire_bus as own_wire_bus
from .entrypoints.http import routers as own_routers
from .settings import RequestsSettings


def create_app(
    settings: RequestsSettings | None = None,
    *,
    clock: Clock = system_clock,
    routers: Sequence[APIRouter] = (),
    wire_bus: Callable[[ServiceRuntime], None] | None = None,
    **options,
) -> FastAPI:
    """The app; `clock` (every command's time) is injectable, `routers` and
    `wire_bus` (tests) are added to its own."""
    settings = settings or RequestsSettings()
    return create_service_app(
        settings,
        title="IMI requests",
        routers=[*own_routers(), *routers],
        build_context=build_context,
        wire_bus=[own_wire_bus, wire_bus],  # a test may add its own wiring
        clock=clock,
        **options,
    )


if __name__ == "__main__":  # pragma: no cover - process entrypoint
    serve(create_app, RequestsSettings())
