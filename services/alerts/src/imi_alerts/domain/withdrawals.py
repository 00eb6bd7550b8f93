"""The two-step withdrawal of a broadcast alert (ALR-036..038)."""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, ConfigDict

from .enums import AlertStatus, SubItemStatus
from .parts import ListPart


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


class Withdrawals(ListPart[Withdrawal]):
    """Every withdrawal proposal of the alert (stored as the `withdrawals` list)."""

    def new_id(self, alert_id: str) -> str:
        return self.next_id(alert_id, "W")

    @property
    def pending(self) -> Withdrawal | None:
        """The submitted, not yet broadcast or cancelled withdrawal, if any."""
        last = self.last()
        return last if last is not None and last.status is SubItemStatus.SUBMITTED else None

    def require_pending(self) -> Withdrawal:
        w = self.pending
        assert w is not None, "status withdrawal_awaiting_broadcast always has a pending one"
        return w
