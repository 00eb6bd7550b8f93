"""A notification to send, and the rules choosing it (NOT-001, NOT-005, NOT-036).

A notification names a template code, a recipient (by id) and the language it is rendered
in. It never holds case content or personal data (NOT-001): the e-mail address is looked up
in the recipients read model when the message is sent, never copied here or onto a topic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from imi_shared.errors import InvalidInput

from .events import NotificationQueued

USER_WELCOME = "N_DIR_USER_WELCOME"  # NOT-036
QUEUED = "queued"
# NOT-005: users of an authority in these statuses get no further messages
UNREACHABLE_AUTHORITY = frozenset({"suspended", "inactive", "registration_refused"})
OFFICIAL_LANGUAGES = frozenset(
    "bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv".split()
)
FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True)
class Recipient:
    """What the notifier knows of a user from the directory's events (X-053)."""

    user_id: str
    authority_id: str
    member_state: str
    main_language: str


@dataclass
class Notification:
    notification_id: str
    code: str
    recipient_user_id: str
    authority_id: str
    member_state: str
    language: str
    status: str
    queued_at: datetime


def rendering_language(main_language: str) -> str:
    """NOT-001, X-022: the recipient's main working language; an unknown code falls back."""
    code = main_language.strip().lower()
    return code if code in OFFICIAL_LANGUAGES else FALLBACK_LANGUAGE


def may_receive(authority_status: str | None) -> bool:
    """NOT-005: no message to users whose authority lost its access (unknown: reachable)."""
    return authority_status not in UNREACHABLE_AUTHORITY


def welcome(recipient: Recipient, now: datetime) -> tuple[Notification, list[NotificationQueued]]:
    """NOT-036: a created user gets N_DIR_USER_WELCOME (login instructions, never the
    username), rendered in their working language (NOT-001). Callers check NOT-005 first."""
    if not recipient.user_id:
        raise InvalidInput("NOT-036", "a welcome needs a recipient", "recipient_user_id")
    notification = Notification(
        notification_id=f"{USER_WELCOME}:{recipient.user_id}",
        code=USER_WELCOME,
        recipient_user_id=recipient.user_id,
        authority_id=recipient.authority_id,
        member_state=recipient.member_state,
        language=rendering_language(recipient.main_language),
        status=QUEUED,
        queued_at=now,
    )
    return notification, [queued(notification)]


def queued(n: Notification) -> NotificationQueued:
    """The event of a recorded notification: ids, template code and language only (NOT-001)."""
    return NotificationQueued(
        notification_id=n.notification_id,
        code=n.code,
        recipient_user_id=n.recipient_user_id,
        authority_id=n.authority_id,
        member_state=n.member_state,
        language=n.language,
        queued_at=n.queued_at,
    )
