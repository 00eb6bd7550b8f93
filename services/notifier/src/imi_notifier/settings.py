"""Settings of the notifier service (environment variables IMI_*; local defaults work)."""

from imi_shared.settings import ServiceSettings


class NotifierSettings(ServiceSettings):
    service_name: str = "notifier"
    db_name: str = "imi_notifier"
    http_port: int = 8105
