"""Settings of the directory service (environment variables IMI_*; local defaults work)."""

from pydantic import Field

from imi_shared.settings import ServiceSettings


class DirectorySettings(ServiceSettings):
    service_name: str = "directory"
    db_name: str = "imi_directory"
    http_port: int = 8101
    jwt_private_key_file: str = Field(
        default="", description="PEM of the token signing key; empty: bundled dev key (local only)"
    )
    token_ttl_minutes: int = Field(default=15, description="X-054: tokens are short-lived")
    keys_db_name: str = Field(default="imi_keys", description="case/user data keys (sealing)")
    office_timezone: str = Field(
        default="Europe/Brussels", description="DIR-061: 10:00 invitation cut-off and night batches"
    )
    invitation_batch_check_seconds: float = 60.0
