"""MongoDB repository of the Invitation aggregate (DIR-142).

One document per invitation (`_id` = invitation id): the pydantic dump of the aggregate plus
fields the repository maintains for its queries, for the night batch and for optimistic
concurrency:
- `version`: incremented on every save; a stale save fails with `StaleInvitation`;
- `email_key`: the normalised e-mail (DIR-051 `email_already_used`, DIR-137);
- `reminder_due_at` (DIR-055, DIR-066) and `listed_until` (DIR-056, X-034, X-035);
- `dispatch_notified_at`, `reminder_notified_at`: set by the night batch once it has emitted
  the dispatch / reminder event for the notifier (each is emitted once).

A repository lives inside one unit of work: it reads and writes through that transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from pymongo import ASCENDING, IndexModel, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from imi_shared.errors import Conflict, NotFound
from imi_shared.mongo import Transaction

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

# Every query below is served by one of these (listing: coordinator_id prefix).
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


class StaleInvitation(Conflict):
    """Somebody else saved the invitation since it was loaded (optimistic concurrency)."""

    def __init__(self, invitation_id: str) -> None:
        super().__init__("DIR-142", f"invitation {invitation_id} was changed meanwhile; reload it")


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


def to_document(invitation: Invitation) -> dict:
    document = _plain(invitation.model_dump(mode="python", exclude={"id"}))
    document.update(
        email_key=normalize_email(invitation.email),
        reminder_due_at=invitation.reminder_due_at,
        listed_until=invitation.listed_until,
    )
    if document["status"] in BEFORE_SENDING:
        document.update(dict.fromkeys(MARKERS))
    return document


def from_document(document: dict) -> Invitation:
    data = {k: v for k, v in document.items() if k not in MAINTAINED}
    return Invitation.model_validate({**data, "id": document["_id"]})


class InvitationRepository:
    def __init__(self, tx: Transaction) -> None:
        self._collection = tx.db[COLLECTION]
        self._days = tx.db[SUBMISSION_DAYS]
        self._session = tx.session
        self._versions: dict[str, int] = {}

    # ------------------------------------------------------------------ reads

    async def get(self, invitation_id: str) -> Invitation:
        found = await self._find_one({"_id": invitation_id})
        if found is None:
            raise NotFound("DIR-142", f"no invitation {invitation_id!r}")
        return found

    async def get_many(self, ids: Iterable[str]) -> list[Invitation]:
        """In the order given; every id must exist."""
        wanted = list(dict.fromkeys(ids))
        found = {i.id: i for i in await self._find({"_id": {"$in": wanted}})}
        missing = [i for i in wanted if i not in found]
        if missing:
            raise NotFound("DIR-142", f"no invitations {missing}")
        return [found[i] for i in wanted]

    async def by_code(self, code: str) -> Invitation | None:
        return await self._find_one({"registration_code": code})

    async def submitted_since(self, coordinator_id: str, since: datetime) -> list[Invitation]:
        """The coordinator's invitations submitted at or after `since` (daily limit)."""
        return await self._find({"coordinator_id": coordinator_id, "submitted_at": {"$gte": since}})

    async def open_email_keys(
        self, keys: Iterable[str], *, except_ids: Iterable[str] = ()
    ) -> set[str]:
        """Which of these e-mails an accepted invitation (other than `except_ids`) uses."""
        query = {
            "email_key": {"$in": sorted(set(keys))},
            "status": {"$in": OPEN_STATUSES},
            "_id": {"$nin": sorted(set(except_ids))},
        }
        cursor = self._collection.find(query, {"email_key": 1}, session=self._session)
        return {d["email_key"] async for d in cursor}

    async def listed(
        self, coordinator_id: str, now: datetime, statuses: Iterable[str] = ()
    ) -> list[Invitation]:
        """DIR-048 / DIR-056: the coordinator's invitations still listed at `now`."""
        query: dict = {
            "coordinator_id": coordinator_id,
            "$or": [{"listed_until": None}, {"listed_until": {"$gt": now}}],
        }
        if statuses := sorted(set(statuses)):
            query["status"] = {"$in": statuses}
        return await self._find(query, sort=[("created_at", ASCENDING), ("_id", ASCENDING)])

    async def due_ids(self, now: datetime) -> dict[str, list[str]]:
        """Night batch work at `now`: ids to dispatch, to announce (unblocked by the helpdesk,
        already `sent_awaiting_registration`, not yet announced), to remind, to expire."""
        sent = str(InvitationStatus.SENT_AWAITING_REGISTRATION)
        queries = {
            "dispatch": {"status": str(InvitationStatus.SUBMITTED), "dispatch_at": {"$lte": now}},
            "announce": {
                "status": sent,
                "dispatch_at": {"$lte": now},
                "dispatch_notified_at": None,
            },
            "remind": {
                "status": sent,
                "reminder_due_at": {"$lte": now},
                "code_expires_at": {"$gt": now},
                "reminder_notified_at": None,
            },
            "expire": {"status": sent, "code_expires_at": {"$lte": now}},
        }
        due = {}
        for kind, query in queries.items():
            cursor = self._collection.find(query, {"_id": 1}, session=self._session)
            due[kind] = [d["_id"] async for d in cursor]
        return due

    def version_of(self, invitation_id: str) -> int | None:
        return self._versions.get(invitation_id)

    # ------------------------------------------------------------------ writes

    async def add(self, invitation: Invitation) -> None:
        await self._collection.insert_one(
            {"_id": invitation.id, "version": 1, **to_document(invitation)}, session=self._session
        )
        self._versions[invitation.id] = 1

    async def add_many(self, invitations: Iterable[Invitation]) -> None:
        documents = [{"_id": i.id, "version": 1, **to_document(i)} for i in invitations]
        if documents:
            await self._collection.insert_many(documents, session=self._session)
        self._versions.update({d["_id"]: 1 for d in documents})

    async def save_many(self, invitations: Iterable[Invitation]) -> None:
        """Write back loaded invitations in one round trip (all or `StaleInvitation`)."""
        batch = list({i.id: i for i in invitations}.values())
        if not batch:
            return
        operations = []
        for invitation in batch:
            loaded = self._versions.get(invitation.id)
            if loaded is None:
                raise ValueError(f"invitation {invitation.id} was not loaded here")
            operations.append(
                UpdateOne(
                    {"_id": invitation.id, "version": loaded},
                    {"$set": {**to_document(invitation), "version": loaded + 1}},
                )
            )
        result = await self._collection.bulk_write(operations, ordered=True, session=self._session)
        if result.matched_count != len(batch):
            raise StaleInvitation(", ".join(i.id for i in batch))
        for invitation in batch:
            self._versions[invitation.id] += 1

    async def save(self, invitation: Invitation, **markers: datetime) -> None:
        """Write back a loaded invitation (and batch markers such as `dispatch_notified_at`)."""
        loaded = self._versions.get(invitation.id)
        if loaded is None:
            raise ValueError(f"invitation {invitation.id} was not loaded through this repository")
        unknown = set(markers) - set(MARKERS)
        if unknown:
            raise ValueError(f"not batch markers: {sorted(unknown)}")
        result = await self._collection.update_one(
            {"_id": invitation.id, "version": loaded},
            {"$set": {**to_document(invitation), **markers, "version": loaded + 1}},
            session=self._session,
        )
        if result.matched_count != 1:
            raise StaleInvitation(invitation.id)
        self._versions[invitation.id] = loaded + 1

    async def mark_notified(self, invitation_id: str, marker: str, now: datetime) -> bool:
        """Record that the batch emitted the dispatch or reminder event; False if it already
        had (each is emitted once)."""
        if marker not in MARKERS:
            raise ValueError(f"not a batch marker: {marker}")
        result = await self._collection.update_one(
            {"_id": invitation_id, marker: None}, {"$set": {marker: now}}, session=self._session
        )
        return result.modified_count == 1

    async def delete(self, invitation: Invitation) -> None:
        result = await self._collection.delete_one(
            {"_id": invitation.id, "version": self._versions.get(invitation.id)},
            session=self._session,
        )
        if result.deleted_count != 1:
            raise StaleInvitation(invitation.id)
        self._versions.pop(invitation.id, None)

    async def lock_submission_day(self, coordinator_id: str, day: date) -> None:
        """Serialise a coordinator's submissions of one day (DIR-053): two concurrent
        transactions both write this document, so one of them retries and sees the other.
        MongoDB's TTL sweep removes it two days later."""
        expires = datetime.combine(day + timedelta(days=2), time(0), tzinfo=UTC)
        await self._days.update_one(
            {"_id": f"{coordinator_id}:{day.isoformat()}"},
            {"$inc": {"submissions": 1}, "$setOnInsert": {"expires_at": expires}},
            upsert=True,
            session=self._session,
        )

    # ------------------------------------------------------------------ helpers

    async def _find_one(self, query: dict) -> Invitation | None:
        document = await self._collection.find_one(query, session=self._session)
        if document is None:
            return None
        self._versions[document["_id"]] = document["version"]
        return from_document(document)

    async def _find(self, query: dict, sort=None) -> list[Invitation]:
        cursor = self._collection.find(query, session=self._session, sort=sort)
        found = []
        async for document in cursor:
            self._versions[document["_id"]] = document["version"]
            found.append(from_document(document))
        return found
