"""Settings of the requests service (environment variables IMI_*; local defaults work)."""

from pydantic import Field

from imi_shared.settings import ServiceSettings


class RequestsSettings(ServiceSettings):
    service_name: str = "requests"
    db_name: str = "imi_requests"
    http_port: int = 8102
    keys_db_name: str = Field(
        default="imi_keys",
        description="database of the per-case data keys that seal request content on the bus "
        "(X-011, crypto-shredding RET-013)",
    )
