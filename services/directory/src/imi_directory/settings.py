"""Settings of the directory service (environment variables IMI_*; local defaults work)."""

from pydantic import Field

from imi_shared.settings import ServiceSettings


class DirectorySettings(ServiceSettings):
    service_name: str = "directory"
    db_name: str = "imi_directory"
    http_port: int = 8101
    # the directory checks its own records on every call (handlers.session.principal_now),
    # not the kernel's read model of its own events
    principal_status: bool = False
    jwt_private_key_file: str = Field(
        default="", description="PEM of the token signing key; empty: bundled dev key (local only)"
    )
    token_ttl_minutes: int = Field(default=15, description="X-054: tokens are short-lived")
    keys_db_name: str = Field(default="imi_keys", description="case/user data keys (sealing)")
    office_timezone: str = Field(
        default="Europe/Brussels", description="DIR-061: 10:00 invitation cut-off and night batches"
    )
    invitation_batch_check_seconds: float = 60.0

    # login (issue 9): hashing off the event loop, throttling with back-off, client identity
    hash_threads: int = Field(
        default=4, ge=1, le=64, description="password/code hashes computed at once (threads)"
    )
    login_user_free_attempts: int = Field(
        default=3, ge=1, description="attempts on one username before back-off (DIR-094 locks at 5)"
    )
    login_client_free_attempts: int = Field(
        default=20, ge=1, description="login attempts from one client before back-off"
    )
    challenge_client_free_requests: int = Field(
        default=30, ge=1, description="challenge requests from one client before back-off"
    )
    login_backoff_seconds: float = Field(
        default=1.0, gt=0, description="first back-off delay; doubles with every attempt"
    )
    login_backoff_max_seconds: float = Field(default=300.0, gt=0, description="back-off cap")
    login_throttle_window_minutes: float = Field(
        default=15.0,
        gt=0,
        description="a throttle counter is forgotten this long after its last attempt",
    )
    client_address_header: str = Field(
        default="",
        description=(
            "header carrying the client address set by a trusted reverse proxy (e.g. "
            "X-Forwarded-For); empty: the peer address is the client"
        ),
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        max_length=64,
        description="peer addresses/networks (CIDR) whose client_address_header is believed",
    )
