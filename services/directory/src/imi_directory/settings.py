"""Settings of the directory service (environment variables IMI_*; local defaults work)."""
from imi_shared.settings import ServiceSettings


class DirectorySettings(ServiceSettings):
    service_name: str = "directory"
    db_name: str = "imi_directory"
    http_port: int = 8101
