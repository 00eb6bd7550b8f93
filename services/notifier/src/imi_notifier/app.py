"""The notifier service process: `python -m imi_notifier.app` (or `create_app(settings)` in tests)."""

from fastapi import FastAPI

from imi_shared.runtime import create_service_app, serve

from .settings import NotifierSettings


def create_app(settings: NotifierSettings | None = None, **options) -> FastAPI:
    settings = settings or NotifierSettings()
    return create_service_app(settings, title="IMI notifier", **options)


if __name__ == "__main__":  # pragma: no cover - process entrypoint
    serve(create_app, NotifierSettings())
