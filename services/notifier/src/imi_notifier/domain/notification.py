"""A notification to send, and the rules shaping it (NOT-001, NOT-005, NOT-006, NOT-036).

A notification names a template code, one recipient (a user, an authority's registered
address, or the invitee of an invitation) and the language it is rendered in. It never holds
case content or personal data (NOT-001): an address is looked up in the read model when the
mail is sent, and what must not be readable (a temporary password, an invitation's address
and code) stays sealed (`secret`) until the mailer unseals it.

Its id is derived from (source event id, code, recipient): a redelivered event, or a job run
twice, yields the same id and is queued once (`handlers.queueing.queue_notifications`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from imi_shared.errors import InvalidInput
from imi_shared.sealing import SealedValue

from .codes import CODES, implies_action
from .events import NotificationQueued

USER_WELCOME = "N_DIR_USER_WELCOME"  # NOT-036
QUEUED = "queued"
RECIPIENT_KINDS = ("user", "authority", "invitee")  # invitee: an invitation's address (NOT-031)
CASE_TYPES = ("request", "alert", "register", "invitation", "authority")
# NOT-005: users of an authority in these statuses get no further messages
UNREACHABLE_AUTHORITY = frozenset({"suspended", "inactive", "registration_refused"})
OFFICIAL_LANGUAGES = frozenset(
    "bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv".split()
)
FALLBACK_LANGUAGE = "en"
# NOT-001: params are the few template fillers a code needs, never PD or case content
MAX_PARAMS, MAX_PARAM_VALUE = 8, 200
PARAM_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


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
    recipient_kind: str  # "user" | "authority" | "invitee"
    recipient_id: str  # user id, authority id, or invitation id
    authority_id: str  # the recipient's authority (the authority itself for an address)
    member_state: str
    language: str
    queued_at: datetime
    source_event_id: str = ""
    case_type: str | None = None
    case_ref: str | None = None  # the reference number only (NOT-001)
    link: str | None = None  # a path in IMI, e.g. /requests/<id>
    action_required: bool = False  # NOT-006
    params: dict[str, str] = field(default_factory=dict)
    secret: SealedValue | None = None  # NOT-037/038/031: unsealed only by the mailer
    status: str = QUEUED
    read_at: datetime | None = None


def notification_key(source_event_id: str, code: str, kind: str, recipient_id: str) -> str:
    """The deterministic id: one notification per (source event, code, recipient)."""
    digest = hashlib.sha256(f"{source_event_id}|{code}|{kind}|{recipient_id}".encode()).hexdigest()
    return f"n-{digest[:40]}"


def rendering_language(main_language: str | None) -> str:
    """NOT-001, X-022: the recipient's main working language; an unknown code falls back."""
    code = (main_language or "").strip().lower()
    return code if code in OFFICIAL_LANGUAGES else FALLBACK_LANGUAGE


def may_receive(authority_status: str | None) -> bool:
    """NOT-005: no message to users whose authority lost its access (unknown: reachable)."""
    return authority_status not in UNREACHABLE_AUTHORITY


def checked_params(params: dict[str, object] | None) -> dict[str, str]:
    """NOT-001: a small bounded dict of template fillers (ids, dates, numbers, names of
    authorities or registers); free text and PD belong sealed in `secret`, not here."""
    params = params or {}
    if len(params) > MAX_PARAMS:
        raise InvalidInput("NOT-001", f"at most {MAX_PARAMS} template params", "params")
    out: dict[str, str] = {}
    for key, value in params.items():
        text = str(value)
        if not PARAM_KEY.match(key) or len(text) > MAX_PARAM_VALUE:
            raise InvalidInput("NOT-001", f"template param {key!r} is not allowed", "params")
        out[key] = text
    return out


def new_notification(
    source_event_id: str,
    code: str,
    *,
    recipient_kind: str,
    recipient_id: str,
    authority_id: str,
    member_state: str,
    language: str | None,
    now: datetime,
    case_type: str | None = None,
    case_ref: str | None = None,
    link: str | None = None,
    action_required: bool | None = None,
    params: dict[str, object] | None = None,
    secret: SealedValue | None = None,
) -> Notification:
    """One notification; `action_required` defaults to the code's (NOT-006)."""
    if code not in CODES:
        raise InvalidInput("NOT-001", f"{code!r} is not a notification code", "code")
    if recipient_kind not in RECIPIENT_KINDS or not recipient_id:
        raise InvalidInput("NOT-001", "a notification needs one recipient", "recipient_id")
    if case_type is not None and case_type not in CASE_TYPES:
        raise InvalidInput("NOT-001", f"{case_type!r} is not a case type", "case_type")
    return Notification(
        notification_id=notification_key(source_event_id, code, recipient_kind, recipient_id),
        code=code,
        recipient_kind=recipient_kind,
        recipient_id=recipient_id,
        authority_id=authority_id,
        member_state=member_state,
        language=rendering_language(language),
        queued_at=now,
        source_event_id=source_event_id,
        case_type=case_type,
        case_ref=case_ref,
        link=link,
        action_required=implies_action(code) if action_required is None else action_required,
        params=checked_params(params),
        secret=secret,
    )


def for_user(source_event_id: str, code: str, recipient: Recipient, now: datetime, **kw):
    """A notification to a user of the read model, in their main working language."""
    return new_notification(
        source_event_id,
        code,
        recipient_kind="user",
        recipient_id=recipient.user_id,
        authority_id=recipient.authority_id,
        member_state=recipient.member_state,
        language=recipient.main_language,
        now=now,
        **kw,
    )


def welcome(source_event_id: str, recipient: Recipient, now: datetime) -> Notification:
    """NOT-036: a created user gets N_DIR_USER_WELCOME (login instructions, never the
    username), rendered in their working language (NOT-001). Callers check NOT-005 first."""
    return for_user(source_event_id, USER_WELCOME, recipient, now)


def queued(n: Notification) -> NotificationQueued:
    """The event of a recorded notification: ids, code, language, reference (NOT-001)."""
    return NotificationQueued(
        notification_id=n.notification_id,
        code=n.code,
        recipient_kind=n.recipient_kind,
        recipient_id=n.recipient_id,
        authority_id=n.authority_id,
        member_state=n.member_state,
        language=n.language,
        action_required=n.action_required,
        case_type=n.case_type,
        case_ref=n.case_ref,
        queued_at=n.queued_at,
    )


READ = "read"


def mark_read(n: Notification, now: datetime) -> bool:
    """The recipient read it (the notifications API); False if it already was."""
    if n.read_at is not None:
        return False
    n.read_at, n.status = now, READ
    return True
