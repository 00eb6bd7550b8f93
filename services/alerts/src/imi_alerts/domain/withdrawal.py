"""The two-step withdrawal of a broadcast alert (ALR-036..038)."""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, ConfigDict

from .enums import AlertStatus, SubItemStatus


class Withdrawal(BaseModel):
    """ALR-082 item of kind `withdrawal`. `previous_status` is where a cancellation returns."""

    model_config = ConfigDict(extra="forbid")

    withdrawal_id: str
    status: SubItemStatus = SubItemStatus.SUBMITTED
    justification: str
    lang: str | None = None
    submitted_by_user_id: str
    submitted_by_authority_id: str
    submitted_at: AwareDatetime
    previous_status: AlertStatus
    broadcast_at: AwareDatetime | None = None
    broadcast_by_user_id: str | None = None
    cancelled_at: AwareDatetime | None = None
