"""The closure proposal and its two periods (ALR-039..047, X-048)."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import AwareDatetime, BaseModel, ConfigDict, field_validator

from .actors import CoordinatorRef
from .content import FreeText
from .enums import SubItemStatus
from .parts import ListPart


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


class ClosureProposals(ListPart[ClosureProposal]):
    """Every closure proposal of the alert (stored as the `closure_proposals` list); at most
    the last one is pending."""

    def new_id(self, alert_id: str) -> str:
        return self.next_id(alert_id, "C")

    @property
    def pending(self) -> ClosureProposal | None:
        last = self.last()
        return last if last is not None and last.pending else None

    def require_pending(self) -> ClosureProposal:
        proposal = self.pending
        assert proposal is not None, "a closure status always has a pending proposal"
        return proposal

    def coordinator_ids(self) -> set[str]:
        """The closure coordinators of every proposal (they see the alert)."""
        return {p.closure_coordinator.authority_id for p in self}

    def refresh_coordinator(self, coordinator_id: str, final_approval: bool) -> None:
        """DIR-037: the final-approval parameter of a coordinator changed."""
        for p in self:
            if p.closure_coordinator.authority_id == coordinator_id:
                p.closure_coordinator = p.closure_coordinator.model_copy(
                    update={"final_approval": final_approval}
                )
