"""Settings of the translation service (environment variables IMI_*; local defaults work)."""

from imi_shared.settings import ServiceSettings


class TranslationSettings(ServiceSettings):
    service_name: str = "translation"
    db_name: str = "imi_translation"
    http_port: int = 8107
