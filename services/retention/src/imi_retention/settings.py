"""Settings of the retention service (environment variables IMI_*; local defaults work)."""

from imi_shared.settings import ServiceSettings


class RetentionSettings(ServiceSettings):
    service_name: str = "retention"
    db_name: str = "imi_retention"
    http_port: int = 8106
