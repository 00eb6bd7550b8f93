"""The stored shape of an invitation (DIR-142) and the indexes its queries use.

One document per invitation (`_id` = invitation id): the pydantic dump of the aggregate plus
fields the repository maintains for its queries, for the night batch and for optimistic
concurrency:
- `version` (the kernel's `VersionedRepository`): incremented on every save;
- `email_key`: the normalised e-mail (DIR-051 `email_already_used`, DIR-137);
- `reminder_due_at` (DIR-055, DIR-066) and `listed_until` (DIR-056, X-034, X-035);
- `dispatch_notified_at`, `reminder_notified_at` (`MARKERS`): set by the night batch once it
  has emitted the dispatch / reminder event for the notifier (each is emitted once); not part
  of the aggregate, so the repository carries them from load to save, and a status before
  sending clears them (DIR-068).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from ..domain.enums import InvitationStatus
from ..domain.invitation import Invitation
from ..domain.validation import normalize_email

COLLECTION = "invitations"
SUBMISSION_DAYS = "invitation_submission_days"
MARKERS = ("dispatch_notified_at", "reminder_notified_at")
MAINTAINED = ("_id", "version", "email_key", "reminder_due_at", "listed_until", *MARKERS)
# Before (re)sending: the batch markers of an earlier round no longer apply (DIR-068).
BEFORE_SENDING = tuple(
    str(s)
    for s in (
        InvitationStatus.DRAFT,
        InvitationStatus.REFUSED,
        InvitationStatus.SUBMITTED,
        InvitationStatus.BLOCKED,
    )
)
# Accepted invitations whose e-mail no other invitation may use (DIR-051, DIR-137).
OPEN_STATUSES = tuple(
    str(s)
    for s in (
        InvitationStatus.SUBMITTED,
        InvitationStatus.SENT_AWAITING_REGISTRATION,
        InvitationStatus.REGISTERED_AWAITING_VALIDATION,
        InvitationStatus.BLOCKED,
    )
)

# Every query of the repository is served by one of these (listing: coordinator_id prefix).
INDEXES = [
    IndexModel([("coordinator_id", ASCENDING), ("status", ASCENDING)], name="coordinator_status"),
    IndexModel(
        [("coordinator_id", ASCENDING), ("submitted_at", ASCENDING)],
        name="coordinator_submitted_at",
    ),
    IndexModel([("status", ASCENDING), ("dispatch_at", ASCENDING)], name="status_dispatch_at"),
    IndexModel(
        [("status", ASCENDING), ("reminder_due_at", ASCENDING)], name="status_reminder_due_at"
    ),
    IndexModel(
        [("status", ASCENDING), ("code_expires_at", ASCENDING)], name="status_code_expires_at"
    ),
    IndexModel([("email_key", ASCENDING), ("status", ASCENDING)], name="email_key_status"),
    IndexModel(
        [("registration_code", ASCENDING)],
        name="registration_code",
        unique=True,
        partialFilterExpression={"registration_code": {"$type": "string"}},
    ),
]


async def ensure_indexes(db: AsyncDatabase) -> None:
    await db[COLLECTION].create_indexes(INDEXES)
    await db[SUBMISSION_DAYS].create_index("expires_at", expireAfterSeconds=0)


def _plain(value):
    """Enums (StrEnum) → str, recursively, so BSON stores and indexes plain strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value) if isinstance(value, str) else value


def to_document(
    invitation: Invitation, markers: Mapping[str, datetime | None] | None = None
) -> dict:
    """The stored shape without `_id` / `version` (the kernel base adds them); `markers` are
    the batch markers the document had when loaded (cleared before sending, DIR-068)."""
    document = _plain(invitation.model_dump(mode="python", exclude={"id"}))
    document.update(
        email_key=normalize_email(invitation.email),
        reminder_due_at=invitation.reminder_due_at,
        listed_until=invitation.listed_until,
    )
    kept = {} if document["status"] in BEFORE_SENDING else dict(markers or {})
    document.update({marker: kept.get(marker) for marker in MARKERS})
    return document


def from_document(document: Mapping) -> Invitation:
    data = {k: v for k, v in document.items() if k not in MAINTAINED}
    return Invitation.model_validate({**data, "id": document["_id"]})


def markers_of(document: Mapping) -> dict[str, datetime | None]:
    return {marker: document.get(marker) for marker in MARKERS}
