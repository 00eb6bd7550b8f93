"""Settings of the registers service (environment variables IMI_*; local defaults work)."""

from imi_shared.settings import ServiceSettings


class RegistersSettings(ServiceSettings):
    service_name: str = "registers"
    db_name: str = "imi_registers"
    http_port: int = 8104
