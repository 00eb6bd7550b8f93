"""The registers service process: `python -m imi_registers.app` (or `create_app(settings)`)."""

from collections.abc import Callable, Sequence

from fastapi import APIRouter, FastAPI

from imi_shared.clock import Clock, system_clock
from imi_shared.runtime import ServiceRuntime, create_service_app, serve

from .context import build_context
from .entrypoints.bus import wire_bus as own_wire_bus
from .entrypoints.http import routers as own_routers
from .settings import RegistersSettings


def create_app(
    settings: RegistersSettings | None = None,
    *,
    clock: Clock = system_clock,
    routers: Sequence[APIRouter] = (),
    wire_bus: Callable[[ServiceRuntime], None] | None = None,
    **options,
) -> FastAPI:
    """The app; `clock` (every command's time) is injectable, `routers` and
    `wire_bus` (tests) are added to its own."""
    settings = settings or RegistersSettings()
    return create_service_app(
        settings,
        title="IMI registers",
        routers=[*own_routers(), *routers],
        build_context=build_context,
        wire_bus=[own_wire_bus, wire_bus],  # a test may add its own wiring
        clock=clock,
        **options,
    )


if __name__ == "__main__":  # pragma: no cover - process entrypoint
    serve(create_app, RegistersSettings())
