"""Settings of the requests service (environment variables IMI_*; local defaults work)."""

from imi_shared.settings import ServiceSettings


class RequestsSettings(ServiceSettings):
    service_name: str = "requests"
    db_name: str = "imi_requests"
    http_port: int = 8102
