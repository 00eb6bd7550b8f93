"""Events the night batch publishes for the notifier (N_DIR_INVITATION, N_DIR_INVITATION_REMINDER).

`InvitationDispatchDue` is the domain's event; the batch emits it when it actually dispatches
an invitation (DIR-065, NOT-044), not at submission: an invitation blocked before its night
(DIR-053, DIR-063) is then never announced. The domain has no reminder event (DIR-066 leaves
the status unchanged), so `InvitationReminderDue` is defined here [candidate for
`domain/events.py`].
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime

from imi_shared.envelope import Event
from imi_shared.participants import MemberState
from imi_shared.sealing import SealedValue, Sealer

from ..adapters.sealed_events import invitation_key_id
from ..domain.events import InvitationDispatchDue
from ..domain.invitation import Invitation
from ..domain.reference import LaWorkflow


class InvitationReminderDue(Event):
    """N_DIR_INVITATION_REMINDER (DIR-055, DIR-066, NOT-032, NOT-045): the code expires in
    5 days and the invited authority has not registered yet."""

    event_type: ClassVar[str] = "invitation.reminder_due"
    aggregate_type: ClassVar[str] = "invitation"
    aggregate_id_field: ClassVar[str] = "invitation_id"

    schema_version: ClassVar[str] = "2.0"  # 2.0: e-mail and code sealed (RET-004)

    invitation_id: str
    coordinator_id: str
    member_state: MemberState
    authority_name: str
    la_workflows: tuple[LaWorkflow, ...]
    # {email, registration_code} sealed under `invitation:<id>` (adapters.sealed_events)
    invitation: SealedValue
    code_expires_at: AwareDatetime
    reminder_due_at: AwareDatetime


def dispatch_due(invitation: Invitation) -> InvitationDispatchDue:
    """N_DIR_INVITATION for an invitation the batch has just sent."""
    assert invitation.dispatch_at and invitation.code_expires_at and invitation.registration_code
    return InvitationDispatchDue(
        invitation_id=invitation.id,
        coordinator_id=invitation.coordinator_id,
        member_state=invitation.member_state,
        email=invitation.email,
        authority_name=invitation.authority_name,
        personal_message=invitation.personal_message,
        la_workflows=tuple(invitation.la_workflows),
        registration_code=invitation.registration_code,
        dispatch_at=invitation.dispatch_at,
        code_expires_at=invitation.code_expires_at,
        reminder_due_at=invitation.reminder_due_at,
    )


async def reminder_due(sealer: Sealer, invitation: Invitation) -> InvitationReminderDue:
    assert invitation.code_expires_at and invitation.registration_code
    secret = {"email": invitation.email, "registration_code": invitation.registration_code}
    return InvitationReminderDue(
        invitation_id=invitation.id,
        coordinator_id=invitation.coordinator_id,
        member_state=invitation.member_state,
        authority_name=invitation.authority_name,
        la_workflows=tuple(invitation.la_workflows),
        invitation=await sealer.seal(invitation_key_id(invitation.id), secret),
        code_expires_at=invitation.code_expires_at,
        reminder_due_at=invitation.reminder_due_at,
    )
