"""The repository of the Invitation aggregate (DIR-142): the kernel's `VersionedRepository`
(optimistic `version`: a save whose loaded version is no longer current fails with
`StaleInvitation`) over the stored shape of `invitation_documents`, with the directory's queries.

Queries and writes on the kernel's `Documents` filter subset work on the in-memory fake too;
the few the port cannot express use the transaction's MongoDB session (`tx.db`) and are
tested against the real server (tests/adapters): the bulk insert / versioned bulk replace of a
spreadsheet or a submission (one round trip for up to 1000 invitations) and the per-day
submission lock (an upsert on another collection, DIR-053).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import ClassVar

from pymongo import ASCENDING, ReplaceOne

from imi_shared.errors import Conflict, NotFound, RuleViolation
from imi_shared.repository import VersionedRepository

from ..domain.enums import InvitationStatus
from ..domain.invitation import Invitation
from .invitation_documents import (
    COLLECTION,
    MARKERS,
    OPEN_STATUSES,
    SUBMISSION_DAYS,
    ensure_indexes,
    from_document,
    markers_of,
    to_document,
)

__all__ = ["COLLECTION", "InvitationRepository", "StaleInvitation", "ensure_indexes"]


class StaleInvitation(Conflict):
    """Somebody else saved the invitation since it was loaded (optimistic concurrency)."""

    def __init__(self, invitation_id: str) -> None:
        super().__init__("DIR-142", f"invitation {invitation_id} was changed meanwhile; reload it")


class InvitationRepository(VersionedRepository[Invitation]):
    collection: ClassVar[str] = COLLECTION
    rule: ClassVar[str] = "DIR-142"

    def __init__(self, tx) -> None:
        super().__init__(tx)
        self._tx = tx  # the bulk writes and the day lock go beyond the `Documents` port
        self._markers: dict[str, dict[str, datetime | None]] = {}

    # -- the kernel mapping
    def identity(self, invitation: Invitation) -> str:
        return invitation.id

    def to_document(self, invitation: Invitation) -> dict:
        return to_document(invitation, self._markers.get(invitation.id))

    def from_document(self, document: dict) -> Invitation:
        self._markers[document["_id"]] = markers_of(document)
        return from_document(document)

    def not_found(self, invitation_id: str) -> RuleViolation:
        return NotFound("DIR-142", f"no invitation {invitation_id!r}")

    def stale(self, invitation_id: str) -> RuleViolation:
        return StaleInvitation(invitation_id)

    # -- reads
    async def get_many(self, ids: Iterable[str]) -> list[Invitation]:
        """In the order given; every id must exist."""
        wanted = list(dict.fromkeys(ids))
        found = await self.find_many(wanted)
        missing = [i for i in wanted if i not in found]
        if missing:
            raise NotFound("DIR-142", f"no invitations {missing}")
        return [found[i] for i in wanted]

    async def by_code(self, code: str) -> Invitation | None:
        found = await self.find_where({"registration_code": code}, limit=1)
        return found[0] if found else None

    async def submitted_since(self, coordinator_id: str, since: datetime) -> list[Invitation]:
        """The coordinator's invitations submitted at or after `since` (daily limit)."""
        return await self.find_where(
            {"coordinator_id": coordinator_id, "submitted_at": {"$gte": since}}
        )

    async def open_email_keys(
        self, keys: Iterable[str], *, except_ids: Iterable[str] = ()
    ) -> set[str]:
        """Which of these e-mails an accepted invitation (other than `except_ids`) uses."""
        where = {
            "email_key": {"$in": sorted(set(keys))},
            "status": {"$in": list(OPEN_STATUSES)},
            "_id": {"$nin": sorted(set(except_ids))},
        }
        return {d["email_key"] for d in await self.documents.find(where)}

    async def listed(
        self, coordinator_id: str, now: datetime, statuses: Iterable[str] = ()
    ) -> list[Invitation]:
        """DIR-048 / DIR-056: the coordinator's invitations still listed at `now` (no end of
        listing yet, or one after `now`), oldest first."""
        where: dict = {"coordinator_id": coordinator_id}
        if wanted := sorted(set(statuses)):
            where["status"] = {"$in": wanted}
        found = [
            *await self.find_where({**where, "listed_until": None}),
            *await self.find_where({**where, "listed_until": {"$gt": now}}),
        ]
        return sorted(found, key=lambda i: (i.created_at, i.id))

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
        sort = [("_id", ASCENDING)]
        return {
            kind: [d["_id"] for d in await self.documents.find(where, sort=sort)]
            for kind, where in queries.items()
        }

    # -- writes
    async def save(self, invitation: Invitation, **markers: datetime) -> int:
        """Write back a loaded invitation (and batch markers such as `dispatch_notified_at`);
        returns its new version."""
        unknown = set(markers) - set(MARKERS)
        if unknown:
            raise ValueError(f"not batch markers: {sorted(unknown)}")
        self._markers.setdefault(invitation.id, {}).update(markers)
        return await super().save(invitation)

    async def mark_notified(self, invitation_id: str, marker: str, now: datetime) -> bool:
        """Record that the batch emitted the dispatch or reminder event; False if it already
        had (each is emitted once). The marker is not the aggregate's state: the version stays
        (a client's `If-Match` is not made stale by a reminder); concurrent batches conflict on
        the write inside their transactions, so only one of them records it."""
        if marker not in MARKERS:
            raise ValueError(f"not a batch marker: {marker}")
        document = await self.documents.get(invitation_id)
        if document is None or document.get(marker) is not None:
            return False
        marked = await self.documents.replace(
            {**document, marker: now}, expected_version=document["version"]
        )
        if marked:
            self._markers.setdefault(invitation_id, {})[marker] = now
        return marked

    async def add_many(self, invitations: Iterable[Invitation]) -> None:
        """Insert new invitations in one round trip (DIR-049: all or none)."""
        documents = [self._document(i, 1) for i in invitations]
        if documents:
            await self._tx.db[COLLECTION].insert_many(documents, session=self._tx.session)
        self._versions.update({d["_id"]: 1 for d in documents})

    async def save_many(self, invitations: Iterable[Invitation]) -> None:
        """Write back loaded invitations in one round trip (all or `StaleInvitation`), with the
        same optimistic version check as `save`."""
        batch = list({i.id: i for i in invitations}.values())
        if not batch:
            return
        operations = []
        for invitation in batch:
            loaded = self._versions.get(invitation.id)
            if loaded is None:
                raise ValueError(f"invitation {invitation.id} was not loaded here")
            operations.append(
                ReplaceOne(
                    {"_id": invitation.id, "version": loaded},
                    self._document(invitation, loaded + 1),
                )
            )
        result = await self._tx.db[COLLECTION].bulk_write(
            operations, ordered=True, session=self._tx.session
        )
        if result.matched_count != len(batch):
            raise StaleInvitation(", ".join(i.id for i in batch))
        for invitation in batch:
            self._versions[invitation.id] += 1

    async def lock_submission_day(self, coordinator_id: str, day: date) -> None:
        """Serialise a coordinator's submissions of one day (DIR-053): two concurrent
        transactions both write this document, so one of them retries and sees the other.
        MongoDB's TTL sweep removes it two days later."""
        expires = datetime.combine(day + timedelta(days=2), time(0), tzinfo=UTC)
        await self._tx.db[SUBMISSION_DAYS].update_one(
            {"_id": f"{coordinator_id}:{day.isoformat()}"},
            {"$inc": {"submissions": 1}, "$setOnInsert": {"expires_at": expires}},
            upsert=True,
            session=self._tx.session,
        )
