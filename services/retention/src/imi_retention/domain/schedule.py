"""A retention record (RET-026) and what the jobs do with it: lock (RET-012) and delete
(RET-013, irreversible). Pure: the time is an argument, events are returned.

`lock_at` is None for an object that is only deleted (authorities, invitations, reports).
Lock and deletion each happen once; a record whose schedule was called off (an authority
validated or reactivated before its date, RET-006) is `cancelled` and never acted on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from imi_shared.envelope import Event
from imi_shared.errors import Conflict

from . import events as ev
from .periods import SOLVIT

ObjectType = Literal["request", "alert", "user", "authority", "invitation", "report"]
SERVICE_OF: dict[str, str] = {
    "request": "requests",
    "report": "requests",
    "alert": "alerts",
    "user": "directory",
    "authority": "directory",
    "invitation": "directory",
}


@dataclass
class RetentionRecord:
    case_type: ObjectType
    case_id: str
    la_code: str
    member_state: str
    authority_id: str | None  # the authority that closed/owns it: it may read the record
    clock_start: datetime
    lock_at: datetime | None
    delete_at: datetime
    rule: str
    delete_rule: str = ""  # the rule the deletion applies (the schedule's, or RET-015)
    locked: bool = False
    pd_deleted: bool = False
    cancelled: bool = False
    locked_at: datetime | None = None
    deleted_at: datetime | None = None
    reason: str = ""  # user: user_removed / authority_inactive
    parent_id: str | None = None  # report: its request; invitation: its coordinator
    authority_ids: list[str] = field(default_factory=list)  # the case's participants
    early_deletion_ref: str | None = None  # RET-015: the data-subject request carried out

    @property
    def record_id(self) -> str:
        return record_id(self.case_type, self.case_id)

    @property
    def is_solvit(self) -> bool:
        return self.la_code == SOLVIT

    @property
    def service(self) -> str:
        return SERVICE_OF[self.case_type]

    @property
    def key_id(self) -> str | None:
        """The data key the holding service seals this object's PD under (imi_shared.sealing)."""
        if self.case_type in ("request", "alert"):
            return self.case_id
        if self.case_type == "report":
            return None  # a report's PDF is stored, not sealed on a topic
        return f"{self.case_type}:{self.case_id}"

    def is_locked_at(self, now: datetime) -> bool:
        """The lock date has passed (RET-019, RET-024), whether or not the job ran yet."""
        return self.locked or (self.lock_at is not None and now >= self.lock_at)


def record_id(case_type: str, case_id: str) -> str:
    return f"{case_type}:{case_id}"


def lock(record: RetentionRecord, now: datetime) -> list[Event]:
    """RET-012: lock the PD once its lock date has passed (never twice, never early)."""
    if record.locked or record.cancelled or record.lock_at is None:
        raise Conflict(record.rule, f"{record.record_id} is not to be locked")
    if now < record.lock_at:
        raise Conflict(record.rule, f"{record.record_id} is locked on {record.lock_at:%Y-%m-%d}")
    record.locked, record.locked_at = True, now
    if record.case_type == "user":
        return [
            ev.UserPdLocked(
                user_id=record.case_id,
                authority_id=record.authority_id or "",
                member_state=record.member_state,
                rule=record.rule,
                reason=record.reason or "user_removed",
                lock_at=record.lock_at,
                delete_at=record.delete_at,
                locked_at=now,
            )
        ]
    return [
        ev.CaseLocked(
            case_type=record.case_type,
            case_id=record.case_id,
            member_state=record.member_state,
            rule=record.rule,
            lock_at=record.lock_at,
            delete_at=record.delete_at,
            locked_at=now,
        )
    ]


def delete_pd(record: RetentionRecord, now: datetime, *, rule: str | None = None) -> list[Event]:
    """RET-013: delete the PD at `delete_at`, automatically and once. With `rule` (RET-015 early
    deletion) before that date. The caller has shredded `record.key_id` first."""
    if record.pd_deleted or record.cancelled:
        raise Conflict(record.rule, f"{record.record_id} is not to be deleted")
    if rule is None and now < record.delete_at:
        raise Conflict(record.rule, f"{record.record_id} is deleted on {record.delete_at:%Y-%m-%d}")
    applied = rule or record.rule
    record.pd_deleted, record.deleted_at, record.delete_rule = True, now, applied
    if record.lock_at is not None and not record.locked:
        record.locked, record.locked_at = True, now  # deleted data is locked data too
    return [_deleted_event(record, applied, now)]


def _deleted_event(record: RetentionRecord, rule: str, now: datetime) -> Event:
    common = {"member_state": record.member_state, "rule": rule, "deleted_at": now}
    key = {"key_id": record.key_id or ""}
    if record.case_type in ("request", "alert"):
        return ev.CasePdDeleted(case_type=record.case_type, case_id=record.case_id, **common, **key)
    if record.case_type == "user":
        return ev.UserPdDeleted(
            user_id=record.case_id, authority_id=record.authority_id or "", **common, **key
        )
    if record.case_type == "authority":
        return ev.AuthorityPdDeleted(authority_id=record.case_id, **common, **key)
    if record.case_type == "invitation":
        return ev.InvitationPdDeleted(
            invitation_id=record.case_id, coordinator_id=record.parent_id or "", **common, **key
        )
    return ev.ReportPdDeleted(report_id=record.case_id, request_id=record.parent_id or "", **common)


def cancel(record: RetentionRecord) -> None:
    """RET-006: validated (or reactivated, RET-005) before its date: the deletion is off."""
    if record.pd_deleted:
        raise Conflict(record.rule, f"{record.record_id} is already deleted")
    record.cancelled = True
