"""The closure proposal and its two periods (ALR-039..047, X-048)."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import AwareDatetime, BaseModel, ConfigDict, field_validator

from .actors import CoordinatorRef
from .content import FreeText
from .enums import SubItemStatus


class ClosurePeriods(BaseModel):
    """X-048: `closure_comment_period` / `closure_objection_period`, agreed by all member
    states; the sources give no value, so there is no default: the service passes its setting."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    comment: timedelta
    objection: timedelta

    @field_validator("comment", "objection")
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if value <= timedelta(0):
            raise ValueError("X-048: closure periods must be positive")
        return value


class ClosureProposal(BaseModel):
    """ALR-082 item of kind `closure_proposal`."""

    model_config = ConfigDict(extra="forbid")

    proposal_id: str
    status: SubItemStatus = SubItemStatus.SUBMITTED
    text: FreeText
    proposer_user_id: str
    proposer_authority_id: str
    responsible_ms: str
    closure_coordinator: CoordinatorRef
    submitted_at: AwareDatetime
    comment_period_ends_at: AwareDatetime
    updated_at: AwareDatetime | None = None
    broadcast_at: AwareDatetime | None = None
    objection_period_ends_at: AwareDatetime | None = None
    objection_period_ended: bool = False
    included_comment_ids: tuple[str, ...] = ()
    cancelled_at: AwareDatetime | None = None
    cancelled_after_broadcast: bool = False

    @property
    def pending(self) -> bool:
        return self.status in (SubItemStatus.SUBMITTED, SubItemStatus.BROADCAST)

    def comment_period_over(self, now: datetime) -> bool:
        return now >= self.comment_period_ends_at

    def objection_period_over(self, now: datetime) -> bool:
        return self.objection_period_ends_at is not None and now >= self.objection_period_ends_at
