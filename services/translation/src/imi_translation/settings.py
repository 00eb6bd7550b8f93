"""Settings of the translation service (environment variables IMI_*; local defaults work)."""

from pydantic import Field, SecretStr

from imi_shared.settings import ServiceSettings


class TranslationSettings(ServiceSettings):
    service_name: str = "translation"
    db_name: str = "imi_translation"
    http_port: int = 8107
    # Machine translation (TRL-005): one LibreTranslate-compatible engine (eTranslation in
    # production sits behind a compatible gateway); no URL: no engine, no pair offered.
    mt_engine_url: str = Field(default="", description="LibreTranslate-compatible base URL")
    mt_engine_name: str = Field(default="libretranslate", max_length=40)
    mt_engine_api_key: SecretStr | None = None
    mt_engine_trusted: bool = Field(
        default=False,
        description="may receive personal data inside free text (an engine the EU runs)",
    )
    mt_engine_timeout_seconds: float = Field(default=10.0, gt=0)
    mt_pairs: str = Field(
        default="",
        description="TRL-013 MtPair enabled pairs, e.g. 'de-pt,fr-en'; '*' every pair",
    )
    mt_cache_days: int = Field(default=30, ge=1, description="cached translations expire")
