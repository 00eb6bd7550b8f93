"""MongoDB repository of the Authority aggregate (DIR-137..DIR-139).

One document per authority (`_id` = authority id): the pydantic dump of the aggregate plus
fields the repository maintains for its queries and for optimistic concurrency:
- `version`: incremented on every save; a save whose loaded version is no longer current
  fails with `StaleAuthority` (two writers never silently overwrite each other);
- `coordinator_roles`: the admin roles (other than CA) the authority holds in a non-removed LA
  (who counts for uniqueness, DIR-010 / DIR-012);
- `la_codes`: the legislative areas it has access to.

A repository lives inside one unit of work: it reads and writes through that transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from imi_shared.mongo import Transaction

from ..domain.authority import Authority
from ..domain.errors import Conflict, NotFound

COLLECTION = "authorities"
MAINTAINED = ("_id", "version", "coordinator_roles", "la_codes")

INDEXES = [
    IndexModel([("email", ASCENDING)], name="email", unique=True),
    IndexModel(
        [("member_state", ASCENDING), ("coordinator_roles", ASCENDING)],
        name="member_state_coordinator_roles",
    ),
    IndexModel([("member_state", ASCENDING), ("status", ASCENDING)], name="member_state_status"),
    IndexModel([("validating_coordinator_id", ASCENDING)], name="validating_coordinator"),
    IndexModel([("status", ASCENDING), ("status_changed_at", ASCENDING)], name="status_since"),
    IndexModel([("la_codes", ASCENDING)], name="la_codes"),
]


class StaleAuthority(Conflict):
    """Somebody else saved the authority since it was loaded (optimistic concurrency)."""

    def __init__(self, authority_id: str) -> None:
        super().__init__("DIR-137", f"authority {authority_id} was changed meanwhile; reload it")


async def ensure_indexes(db: AsyncDatabase) -> None:
    await db[COLLECTION].create_indexes(INDEXES)


def to_document(authority: Authority, version: int) -> dict:
    document = authority.model_dump(mode="python")
    document.update(
        _id=authority.id,
        version=version,
        coordinator_roles=sorted(
            {
                str(la.admin_role)
                for la in authority.legislative_areas.values()
                if la.admin_role.is_coordinator and not la.status.is_removed_like
            }
        ),
        la_codes=sorted(authority.legislative_areas),
    )
    return _plain(document)


def from_document(document: dict) -> Authority:
    data = {k: v for k, v in document.items() if k not in MAINTAINED}
    return Authority.model_validate({**data, "id": document["_id"]})


def _plain(value):
    """Enums (StrEnum) → str, recursively, so BSON stores and indexes plain strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


class AuthorityRepository:
    def __init__(self, tx: Transaction) -> None:
        self._collection = tx.db[COLLECTION]
        self._session = tx.session
        self._versions: dict[str, int] = {}

    async def get(self, authority_id: str, *, expected_version: int | None = None) -> Authority:
        """The authority; with `expected_version` (e.g. from If-Match), refuse a stale edit."""
        found = await self.find(authority_id)
        if found is None:
            raise NotFound("DIR-137", f"no authority {authority_id!r}")
        if expected_version is not None and self._versions[authority_id] != expected_version:
            raise StaleAuthority(authority_id)
        return found

    async def find(self, authority_id: str) -> Authority | None:
        document = await self._collection.find_one({"_id": authority_id}, session=self._session)
        if document is None:
            return None
        self._versions[authority_id] = document["version"]
        return from_document(document)

    async def find_many(self, ids: Iterable[str]) -> dict[str, Authority]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        cursor = self._collection.find({"_id": {"$in": wanted}}, session=self._session)
        found = {}
        async for document in cursor:
            self._versions[document["_id"]] = document["version"]
            found[document["_id"]] = from_document(document)
        return found

    async def coordinators_of(self, member_state: str) -> list[Authority]:
        """Authorities of the MS holding a coordinator admin role (uniqueness checks)."""
        cursor = self._collection.find(
            {"member_state": member_state, "coordinator_roles": {"$ne": []}}, session=self._session
        )
        return [from_document(d) async for d in cursor]

    async def ids_in_status_since(self, statuses: Iterable[str], before: datetime) -> list[str]:
        """Ids of authorities in one of `statuses` since before `before` (purge candidates)."""
        cursor = self._collection.find(
            {"status": {"$in": [str(s) for s in statuses]}, "status_changed_at": {"$lte": before}},
            {"_id": 1},
            session=self._session,
        )
        return [d["_id"] async for d in cursor]

    async def email_in_use(self, email: str, *, except_id: str | None = None) -> bool:
        query: dict = {"email": email.strip().lower()}
        if except_id:
            query["_id"] = {"$ne": except_id}
        return await self._collection.find_one(query, {"_id": 1}, session=self._session) is not None

    async def add(self, authority: Authority) -> None:
        try:
            await self._collection.insert_one(to_document(authority, 1), session=self._session)
        except DuplicateKeyError as exc:  # a concurrent registration took the id or e-mail
            raise Conflict("DIR-137", "the authority or its e-mail address already exists") from exc
        self._versions[authority.id] = 1

    async def save(self, authority: Authority) -> int:
        """Write back a loaded authority; returns its new version."""
        loaded = self._versions.get(authority.id)
        if loaded is None:
            raise ValueError(f"authority {authority.id} was not loaded through this repository")
        result = await self._collection.replace_one(
            {"_id": authority.id, "version": loaded},
            to_document(authority, loaded + 1),
            session=self._session,
        )
        if result.matched_count != 1:
            raise StaleAuthority(authority.id)
        self._versions[authority.id] = loaded + 1
        return loaded + 1

    async def delete(self, authority: Authority) -> None:
        loaded = self._versions.get(authority.id)
        result = await self._collection.delete_one(
            {"_id": authority.id, "version": loaded}, session=self._session
        )
        if result.deleted_count != 1:
            raise StaleAuthority(authority.id)
        self._versions.pop(authority.id, None)

    def version_of(self, authority_id: str) -> int | None:
        return self._versions.get(authority_id)
