"""The retention service process: `python -m imi_retention.app` (or `create_app(settings)` in tests)."""

from fastapi import FastAPI

from imi_shared.clock import Clock, system_clock
from imi_shared.runtime import ServiceRuntime, create_service_app, serve

from .adapters.record_repository import ensure_indexes
from .context import build_context
from .entrypoints.bus import wire_bus as own_wire_bus
from .entrypoints.http import routers
from .settings import RetentionSettings


async def _indexes(runtime: ServiceRuntime) -> None:
    await ensure_indexes(runtime.uow.db)


def create_app(
    settings: RetentionSettings | None = None,
    *,
    clock: Clock = system_clock,
    wire_bus=None,
    **options,
) -> FastAPI:
    settings = settings or RetentionSettings()
    return create_service_app(
        settings,
        title="IMI retention",
        routers=routers(),
        wire_bus=[own_wire_bus, wire_bus],  # a test may add its own wiring
        build_context=build_context,
        on_start=[_indexes, *options.pop("on_start", ())],
        clock=clock,
        **options,
    )


if __name__ == "__main__":  # pragma: no cover - process entrypoint
    serve(create_app, RetentionSettings())
