"""The retention service process: `python -m imi_retention.app` (or `create_app(settings)` in tests)."""

from fastapi import FastAPI

from imi_shared.runtime import create_service_app, serve

from .settings import RetentionSettings


def create_app(settings: RetentionSettings | None = None, **options) -> FastAPI:
    settings = settings or RetentionSettings()
    return create_service_app(settings, title="IMI retention", **options)


if __name__ == "__main__":  # pragma: no cover - process entrypoint
    serve(create_app, RetentionSettings())
