"""The requests service process: `python -m imi_requests.app` (or `create_app(settings)` in tests)."""

from fastapi import FastAPI

from imi_shared.runtime import create_service_app, serve

from .settings import RequestsSettings


def create_app(settings: RequestsSettings | None = None, **options) -> FastAPI:
    settings = settings or RequestsSettings()
    return create_service_app(settings, title="IMI requests", **options)


if __name__ == "__main__":  # pragma: no cover - process entrypoint
    serve(create_app, RequestsSettings())
