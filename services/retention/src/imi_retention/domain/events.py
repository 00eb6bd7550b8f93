"""What retention publishes on `imi.retention.events` (X-052): past tense, ids, dates, the rule
and the member state only (never personal data). Each is retention's decision; the service
that holds the data obeys it (retention-obey): see docs in services/retention/README.md.

- `case.locked` / `case.pd_deleted`: a request's or alert's PD (RET-001..003, 013, 015, 034);
- `user.pd_locked` / `user.pd_deleted`: an IMI user's contact data (RET-004);
- `authority.pd_deleted`, `invitation.pd_deleted`: directory records purged (RET-005..009);
- `report.pd_deleted`: a generated request report removed (RET-010);
- `case.closure_reminder_due`: a long-open case (RET-014, routed by the notifier, NOT-043).

Every `*_deleted` carries `key_id`, the data key retention shredded (imi_shared.sealing).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import AwareDatetime, Field

from imi_shared.envelope import Event

CaseType = Literal["request", "alert"]
ID = 100


def _rule():
    return Field(max_length=10, description="the RET rule applied")


def _ms():
    return Field(max_length=2, description="keys and partitions the event (X-001)")


def _key_id():
    return Field(max_length=ID + 20)


class _CaseEvent(Event):
    """About one request or alert (aggregate `case`)."""

    aggregate_type: ClassVar[str] = "case"
    aggregate_id_field: ClassVar[str] = "case_id"

    case_type: CaseType
    case_id: str = Field(max_length=ID)
    member_state: str = _ms()


class _UserEvent(Event):
    """About one IMI user's contact data (RET-004, aggregate `user`)."""

    aggregate_type: ClassVar[str] = "user"
    aggregate_id_field: ClassVar[str] = "user_id"

    user_id: str = Field(max_length=ID)
    authority_id: str = Field(max_length=ID)
    member_state: str = _ms()
    rule: str = _rule()


class CaseLocked(_CaseEvent):
    """The case's personal data is locked (RET-012): `requests` and `alerts` hide it (X-052)."""

    event_type: ClassVar[str] = "case.locked"

    member_state: str = Field(max_length=2)  # as first published: its schema stays unchanged
    rule: str = Field(max_length=10, description="the schedule rule applied (RET-001..003)")
    lock_at: AwareDatetime
    delete_at: AwareDatetime
    locked_at: AwareDatetime


class CasePdDeleted(_CaseEvent):
    """The case's PD is deleted, irreversibly (RET-013): every service holding a copy purges
    it (non-PD content, status and history MAY stay); its data key `key_id` is shredded."""

    event_type: ClassVar[str] = "case.pd_deleted"

    rule: str = Field(max_length=10, description="RET-001..003 (schedule), RET-015, RET-034")
    deleted_at: AwareDatetime
    key_id: str = _key_id()


UserLockReason = Literal["user_removed", "authority_inactive"]


class UserPdLocked(_UserEvent):
    """An IMI user's contact data is locked (RET-004): not shown through normal APIs, kept
    until `delete_at` (only extractable to prove an exchange, RET-016)."""

    event_type: ClassVar[str] = "user.pd_locked"

    reason: UserLockReason
    lock_at: AwareDatetime
    delete_at: AwareDatetime
    locked_at: AwareDatetime


class UserPdDeleted(_UserEvent):
    """An IMI user's contact data is deleted (RET-004, +3 years, even if the authority is
    gone): every read model drops it; its data key `key_id` (`user:<id>`) is shredded."""

    event_type: ClassVar[str] = "user.pd_deleted"

    deleted_at: AwareDatetime
    key_id: str = _key_id()


class AuthorityPdDeleted(Event):
    """An `inactive` (RET-005) or `registration_refused` (RET-006) authority's retention ended:
    the directory deletes it permanently; `key_id` (`authority:<id>`) is shredded."""

    event_type: ClassVar[str] = "authority.pd_deleted"
    aggregate_type: ClassVar[str] = "authority"
    aggregate_id_field: ClassVar[str] = "authority_id"

    authority_id: str = Field(max_length=ID)
    member_state: str = _ms()
    rule: str = _rule()
    deleted_at: AwareDatetime
    key_id: str = _key_id()


class InvitationPdDeleted(Event):
    """An invitation's retention ended (RET-007 withdrawn, RET-008 validated: off the list,
    RET-009 validation refused): the directory deletes it; `key_id` is shredded."""

    event_type: ClassVar[str] = "invitation.pd_deleted"
    aggregate_type: ClassVar[str] = "invitation"
    aggregate_id_field: ClassVar[str] = "invitation_id"

    invitation_id: str = Field(max_length=ID)
    coordinator_id: str = Field(max_length=ID)
    member_state: str = _ms()
    rule: str = _rule()
    deleted_at: AwareDatetime
    key_id: str = _key_id()


class ReportPdDeleted(Event):
    """A generated request report's time is over (RET-010: generation + 30 days, or the case's
    lock date for a report with PD): the requests service deletes the report and its PDF."""

    event_type: ClassVar[str] = "report.pd_deleted"
    aggregate_type: ClassVar[str] = "report"
    aggregate_id_field: ClassVar[str] = "report_id"

    report_id: str = Field(max_length=ID)
    request_id: str = Field(max_length=ID)
    member_state: str = _ms()
    rule: str = _rule()
    deleted_at: AwareDatetime


class CaseClosureReminderDue(_CaseEvent):
    """RET-014 / NOT-043: the case has stayed open (`status`) since `open_since`, beyond the
    configured threshold: the notifier reminds the requesting side (request) or the alert's
    receiving forwarders (alert) to close it formally. Ids only; no case content."""

    event_type: ClassVar[str] = "case.closure_reminder_due"

    la_code: str = Field(max_length=60)
    status: str = Field(max_length=60, description="the open status the case is in")
    open_since: AwareDatetime
    threshold_days: int = Field(gt=0)
    requesting_authority_id: str | None = Field(default=None, max_length=ID)
    reminded_at: AwareDatetime
    rule: str = Field(default="RET-014", max_length=10)


PUBLISHED = (
    CaseLocked,
    CasePdDeleted,
    UserPdLocked,
    UserPdDeleted,
    AuthorityPdDeleted,
    InvitationPdDeleted,
    ReportPdDeleted,
    CaseClosureReminderDue,
)
