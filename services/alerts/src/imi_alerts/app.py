"""The alerts service process: `python -m imi_alerts.app` (or `create_app(settings)` in tests)."""
from fastapi import FastAPI

from imi_shared.runtime import create_service_app, serve

from .settings import AlertsSettings


def create_app(settings: AlertsSettings | None = None, **options) -> FastAPI:
    settings = settings or AlertsSettings()
    return create_service_app(settings, title="IMI alerts", **options)


if __name__ == "__main__":  # pragma: no cover - process entrypoint
    serve(create_app, AlertsSettings())
