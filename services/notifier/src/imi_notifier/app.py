"""The notifier service process: `python -m imi_notifier.app` (or `create_app(settings)` in tests)."""

from fastapi import FastAPI

from imi_shared.clock import Clock, system_clock
from imi_shared.runtime import create_service_app, serve

from .context import build_context
from .entrypoints.bus import wire_bus as own_wire_bus
from .entrypoints.http import routers
from .settings import NotifierSettings


def create_app(
    settings: NotifierSettings | None = None,
    *,
    clock: Clock = system_clock,
    wire_bus=None,
    **options,
) -> FastAPI:
    settings = settings or NotifierSettings()
    return create_service_app(
        settings,
        title="IMI notifier",
        routers=routers(),
        wire_bus=[own_wire_bus, wire_bus],  # a test may add its own wiring
        build_context=build_context,
        clock=clock,
        **options,
    )


if __name__ == "__main__":  # pragma: no cover - process entrypoint
    serve(create_app, NotifierSettings())
