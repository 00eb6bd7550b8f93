"""Settings of the notifier service (environment variables IMI_*; local defaults work)."""

from pydantic import Field

from imi_shared.settings import ServiceSettings


class NotifierSettings(ServiceSettings):
    service_name: str = "notifier"
    db_name: str = "imi_notifier"
    http_port: int = 8105
    keys_db_name: str = Field(
        default="imi_keys", description="the data keys the directory seals users' PD under"
    )
