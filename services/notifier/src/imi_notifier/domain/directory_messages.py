"""The directory's messages (NOT-031..NOT-040), pure: who gets which code with which params.
Params are ids, names of authorities, counts and dates only; the invitation's address, code
and personal message, every temporary password and a coordinator mailing's text stay sealed
in `secret` (NOT-001)."""

from __future__ import annotations

from datetime import datetime

from .notification import Notification, Recipient, for_user, new_notification
from .parties import UserFacts

VALIDITY_DAYS = 30  # DIR §3.6: a registration code is valid 30 days


def _to_invitee(
    source_id: str, code: str, event, language, now: datetime, **fields
) -> Notification:
    """To the invitee of `event`'s invitation, its address and code sealed in `secret`."""
    return new_notification(
        source_id,
        code,
        recipient_kind="invitee",
        recipient_id=event.invitation_id,
        authority_id=event.coordinator_id,
        member_state=event.member_state,
        language=language,
        now=now,
        case_type="invitation",
        secret=event.invitation,
        **fields,
    )


def _to_authority(
    source_id: str, code: str, authority_id: str, member_state: str, language, now, **fields
) -> Notification:
    """To an authority's registered address (NOT-002)."""
    return new_notification(
        source_id,
        code,
        recipient_kind="authority",
        recipient_id=authority_id,
        authority_id=authority_id,
        member_state=member_state,
        language=language,
        now=now,
        **fields,
    )


def invitation(source_id: str, event, coordinator: dict, language, now: datetime) -> Notification:
    params = {
        "coordinator_name": coordinator.get("name") or event.coordinator_id,
        "coordinator_email": coordinator.get("email") or "",
        "validity_days": VALIDITY_DAYS,
    }
    return _to_invitee(source_id, "N_DIR_INVITATION", event, language, now, params=params)


def invitation_reminder(source_id: str, event, language, now: datetime) -> Notification:
    params = {"code_expires_on": event.code_expires_at.date().isoformat()}
    return _to_invitee(source_id, "N_DIR_INVITATION_REMINDER", event, language, now, params=params)


def _recipient(user: UserFacts) -> Recipient:
    return Recipient(user.user_id, user.authority_id, user.member_state, user.main_language)


def validation_required(source_id: str, event, user: UserFacts, now: datetime) -> Notification:
    return for_user(
        source_id,
        "N_DIR_VALIDATION_REQUIRED",
        _recipient(user),
        now,
        case_type="authority",
        case_ref=event.registered_authority_id,
        link=f"/invitations/{event.invitation_id}",
    )


def self_registration_confirmed(source_id: str, event, language, now: datetime) -> Notification:
    return _to_authority(
        source_id,
        "N_DIR_SELF_REG_CONFIRMATION",
        event.authority_id,
        event.member_state,
        language,
        now,
        case_type="authority",
        params={
            "authority_name": event.official_name,
            "member_state": event.member_state,
            "la_count": len(event.legislative_areas),
        },
    )


def access_granted(source_id: str, event, language, now: datetime) -> Notification:
    return _to_authority(
        source_id,
        "N_DIR_ACCESS_GRANTED",
        event.authority_id,
        event.member_state,
        language,
        now,
        case_type="authority",
    )


def password_reset(source_id: str, user: UserFacts, secret, now: datetime) -> Notification:
    return for_user(source_id, "N_DIR_PASSWORD_RESET", _recipient(user), now, secret=secret)


def invitations_blocked(source_id: str, event, helpdesk_id: str, now: datetime) -> Notification:
    return _to_authority(
        source_id,
        "N_DIR_INVITATIONS_BLOCKED",
        helpdesk_id,
        "EU",
        "en",
        now,
        case_type="invitation",
        link="/helpdesk/invitations",
        params={"count": event.submitted_count, "day": event.day.isoformat()},
    )


def coordinator_mailing(
    source_id: str, event, authority_id: str, authority: dict, coordinator: str, now: datetime
) -> Notification:
    """NOT-040: to one selected authority's registered address (NOT-002), in its first spoken
    language; the coordinator's subject and body ride sealed until rendering."""
    languages = authority.get("languages") or [None]
    return _to_authority(
        source_id,
        "N_DIR_COORDINATOR_MAILING",
        authority_id,
        authority.get("member_state") or event.member_state,
        languages[0],
        now,
        case_type="authority",
        params={"coordinator_name": coordinator},
        secret=event.message,
    )
