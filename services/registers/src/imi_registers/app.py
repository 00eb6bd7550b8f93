"""The registers service process: `python -m imi_registers.app` (or `create_app(settings)` in tests)."""

from fastapi import FastAPI

from imi_shared.runtime import create_service_app, serve

from .settings import RegistersSettings


def create_app(settings: RegistersSettings | None = None, **options) -> FastAPI:
    settings = settings or RegistersSettings()
    return create_service_app(settings, title="IMI registers", **options)


if __name__ == "__main__":  # pragma: no cover - process entrypoint
    serve(create_app, RegistersSettings())
