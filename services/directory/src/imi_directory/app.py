"""The directory service process: `python -m imi_directory.app` (or `create_app(settings)` in tests)."""
from fastapi import FastAPI

from imi_shared.runtime import create_service_app, serve

from .settings import DirectorySettings


def create_app(settings: DirectorySettings | None = None, **options) -> FastAPI:
    settings = settings or DirectorySettings()
    return create_service_app(settings, title="IMI directory", **options)


if __name__ == "__main__":  # pragma: no cover - process entrypoint
    serve(create_app, DirectorySettings())
