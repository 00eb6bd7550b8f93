"""What retention publishes on `imi.retention.events` (X-052): past tense, ids and dates only."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import AwareDatetime, Field

from imi_shared.envelope import Event

CaseType = Literal["request", "alert"]


class CaseLocked(Event):
    """The case's personal data is locked (RET-012): `requests` and `alerts` hide it (X-052)."""

    event_type: ClassVar[str] = "case.locked"
    aggregate_type: ClassVar[str] = "case"
    aggregate_id_field: ClassVar[str] = "case_id"

    case_type: CaseType
    case_id: str = Field(max_length=100)
    member_state: str = Field(max_length=2)
    rule: str = Field(max_length=10, description="the schedule rule applied (RET-001..003)")
    lock_at: AwareDatetime
    delete_at: AwareDatetime
    locked_at: AwareDatetime


PUBLISHED = (CaseLocked,)
