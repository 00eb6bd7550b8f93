"""Settings of the retention service (environment variables IMI_*; local defaults work)."""

from pydantic import Field

from imi_shared.settings import ServiceSettings


class RetentionSettings(ServiceSettings):
    service_name: str = "retention"
    db_name: str = "imi_retention"
    http_port: int = 8106
    # RET-011: every delay is configuration holding the defaults of §8.1
    request_lock_months: int = Field(default=6, gt=0, description="RET-001, X-042")
    solvit_lock_months: int = Field(default=18, gt=0, description="RET-002, X-042")
    request_delete_months: int = Field(default=36, gt=0, description="RET-001, X-043")
    alert_delete_months: int = Field(default=6, gt=0, description="RET-003, X-043")
    lock_check_seconds: float = Field(
        default=60, gt=0, description="how often records whose lock date passed are locked"
    )
