"""Settings of the alerts service (environment variables IMI_*; local defaults work)."""
from imi_shared.settings import ServiceSettings


class AlertsSettings(ServiceSettings):
    service_name: str = "alerts"
    db_name: str = "imi_alerts"
    http_port: int = 8103
