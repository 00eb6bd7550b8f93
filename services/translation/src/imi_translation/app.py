"""The translation service process: `python -m imi_translation.app` (or `create_app(settings)` in tests)."""

from fastapi import FastAPI

from imi_shared.runtime import create_service_app, serve

from .settings import TranslationSettings


def create_app(settings: TranslationSettings | None = None, **options) -> FastAPI:
    settings = settings or TranslationSettings()
    return create_service_app(settings, title="IMI translation", **options)


if __name__ == "__main__":  # pragma: no cover - process entrypoint
    serve(create_app, TranslationSettings())
