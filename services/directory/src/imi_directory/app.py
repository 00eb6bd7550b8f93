"""The directory service process: `python -m imi_directory.app` (or `create_app(settings)`)."""

from fastapi import FastAPI

from imi_shared.errors import install_rule_errors
from imi_shared.runtime import ServiceRuntime, create_service_app, serve

from .adapters import spreadsheet
from .adapters.indexes import ensure_indexes
from .bootstrap import Clock, DirectoryContext, utc_now
from .entrypoints.bus import wire_bus
from .entrypoints.http import routers
from .handlers.invitation_batch import start_invitation_batch
from .settings import DirectorySettings


def create_app(
    settings: DirectorySettings | None = None, *, clock: Clock = utc_now, **options
) -> FastAPI:
    settings = settings or DirectorySettings()
    app: FastAPI

    async def build_context(runtime: ServiceRuntime) -> None:
        app.state.directory = DirectoryContext.from_runtime(runtime, clock)

    app = create_service_app(
        settings,
        title="IMI directory",
        # the bulk invitation upload may be larger than the default cap (DIR-049), up to its own
        body_limits={"/invitations/bulk": spreadsheet.MAX_BYTES + 64 * 1024},
        routers=routers(),
        wire_bus=wire_bus,
        on_start=[
            ensure_indexes,
            build_context,
            start_invitation_batch(lambda: app.state.directory),
            *options.pop("on_start", ()),
        ],
        **options,
    )
    install_rule_errors(app)  # domain errors carry their http_status
    return app


if __name__ == "__main__":  # pragma: no cover - process entrypoint
    serve(create_app, DirectorySettings())
