"""The notifier's narrow models of the directory's invitation events and the registers'
events, for the directory and register messages (NOT-031..NOT-042). Never imports the
producers: only the fields read here; `tests/test_mail_event_contracts.py` checks each against
the producer's checked-in schema. Secrets (an invitation's address and code) stay sealed.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar

from pydantic import AwareDatetime, Field

from imi_shared.envelope import Event, EventCatalog
from imi_shared.sealing import SealedValue

ID = 100


class _Invitation(Event):
    aggregate_type: ClassVar[str] = "invitation"
    aggregate_id_field: ClassVar[str] = "invitation_id"

    invitation_id: str = Field(max_length=ID)
    coordinator_id: str = Field(max_length=ID)
    member_state: str = Field(max_length=2)


class InvitationDispatchDue(_Invitation):
    """NOT-031, NOT-044: the directory's night batch sent the invitation (10:00 cut-off,
    blocked ones never selected: DIR-052, DIR-065)."""

    event_type: ClassVar[str] = "invitation.dispatch_due"
    schema_version: ClassVar[str] = "2.0"

    invitation: SealedValue  # {email, personal_message, registration_code}
    code_expires_at: AwareDatetime


class InvitationReminderDue(_Invitation):
    """NOT-032, NOT-045: five days before the code expires, not registered yet."""

    event_type: ClassVar[str] = "invitation.reminder_due"
    schema_version: ClassVar[str] = "2.0"

    invitation: SealedValue  # {email, registration_code}
    code_expires_at: AwareDatetime


class InvitationStatusChanged(_Invitation):
    event_type: ClassVar[str] = "invitation.status_changed"

    new_status: str | None = Field(default=None, max_length=40)
    registered_authority_id: str | None = Field(default=None, max_length=ID)


class InvitationsBlocked(Event):
    """NOT-039: more than 100 invitations in one day (DIR §3.6)."""

    event_type: ClassVar[str] = "invitation.daily_limit_exceeded"
    aggregate_type: ClassVar[str] = "coordinator"
    aggregate_id_field: ClassVar[str] = "coordinator_id"

    coordinator_id: str = Field(max_length=ID)
    member_state: str = Field(max_length=2)
    day: date
    submitted_count: int


INVITATIONS: tuple[type[Event], ...] = (
    InvitationDispatchDue,
    InvitationReminderDue,
    InvitationStatusChanged,
    InvitationsBlocked,
)


class CoordinatorMailingSent(Event):
    """NOT-040 (DIR-135): a coordinator DA's mailing to the selected authorities; its subject
    and body stay sealed (`{subject, body}` under `mailing:<id>`) until the mail is rendered."""

    event_type: ClassVar[str] = "coordinator.mailing_sent"
    aggregate_type: ClassVar[str] = "coordinator"
    aggregate_id_field: ClassVar[str] = "coordinator_id"

    mailing_id: str = Field(max_length=ID)
    coordinator_id: str = Field(max_length=ID)
    member_state: str = Field(max_length=2)
    authority_ids: tuple[Annotated[str, Field(max_length=ID)], ...] = Field(max_length=500)
    message: SealedValue  # {subject, body}


COORDINATOR: tuple[type[Event], ...] = (CoordinatorMailingSent,)


class _Register(Event):
    aggregate_type: ClassVar[str] = "register"
    aggregate_id_field: ClassVar[str] = "register_id"

    register_id: str = Field(max_length=ID)
    member_state: str = Field(max_length=2)


class RegisterAdded(_Register):
    event_type: ClassVar[str] = "register.added"

    managing_authority_id: str = Field(max_length=ID)
    informal_name: str = Field(default="", max_length=300)


class RegisterDeleted(_Register):
    event_type: ClassVar[str] = "register.deleted"

    managing_authority_id: str = Field(max_length=ID)
    official_name: str = Field(max_length=300)


class ManagingAuthorityChanged(_Register):
    event_type: ClassVar[str] = "register.managing_authority_changed"

    new_managing_authority_id: str = Field(max_length=ID)


REGISTERS: tuple[type[Event], ...] = (RegisterAdded, RegisterDeleted, ManagingAuthorityChanged)


def registers_catalog() -> EventCatalog:
    return EventCatalog(*REGISTERS)
