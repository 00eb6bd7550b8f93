"""Settings of the retention service (environment variables IMI_*; local defaults work).

RET-011: every delay of §8.1 is configuration holding the defaults (X-034..X-045, X-049).
"""

from pydantic import Field

from imi_shared.settings import ServiceSettings

from .domain.periods import Periods


def _months(default: int, rule: str):
    return Field(default=default, gt=0, description=f"months, {rule}")


class RetentionSettings(ServiceSettings):
    service_name: str = "retention"
    db_name: str = "imi_retention"
    http_port: int = 8106
    keys_db_name: str = Field(
        default="imi_keys",
        description="the deployment's key store, where a deletion shreds the case's or user's "
        "data key (RET-013, imi_shared.sealing)",
    )
    request_lock_months: int = _months(6, "RET-001, X-042")
    solvit_lock_months: int = _months(18, "RET-002, X-042")
    lock_months_by_la: dict[str, int] = Field(
        default_factory=dict, description="RET-011: lock months per LA code, over the above"
    )
    request_delete_months: int = _months(36, "RET-001/002, X-043")
    alert_delete_months: int = _months(6, "RET-003, X-043")
    user_delete_months: int = _months(36, "RET-004, X-044")
    inactive_authority_months: int = _months(6, "RET-005, X-036")
    registration_refused_months: int = _months(6, "RET-006, X-035")
    invitation_withdrawn_months: int = _months(3, "RET-007, X-034")
    invitation_validated_months: int = _months(3, "RET-008, X-034")
    invitation_validation_refused_months: int = _months(6, "RET-009, X-035")
    report_days: int = Field(default=30, gt=0, description="RET-010, X-041")
    rectification_days: int = Field(default=30, gt=0, description="RET-020, X-045")
    closure_reminder_days: int = Field(
        default=90, gt=0, description="RET-014, X-049 [INFERRED]: open this long → reminder"
    )
    lock_check_seconds: float = Field(
        default=60, gt=0, description="how often the lock, deletion and reminder jobs run"
    )

    def periods(self) -> Periods:
        return Periods(
            request_lock=self.request_lock_months,
            solvit_lock=self.solvit_lock_months,
            request_delete=self.request_delete_months,
            alert_delete=self.alert_delete_months,
            user_delete=self.user_delete_months,
            inactive_authority=self.inactive_authority_months,
            registration_refused=self.registration_refused_months,
            invitation_withdrawn=self.invitation_withdrawn_months,
            invitation_validated=self.invitation_validated_months,
            invitation_validation_refused=self.invitation_validation_refused_months,
            report_days=self.report_days,
            rectification_days=self.rectification_days,
            closure_reminder_days=self.closure_reminder_days,
            lock_by_la=dict(self.lock_months_by_la),
        )
