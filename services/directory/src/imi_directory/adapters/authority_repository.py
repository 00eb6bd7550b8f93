"""MongoDB repository of the Authority aggregate (DIR-137..DIR-139).

One document per authority (`_id` = authority id): the pydantic dump of the aggregate plus
fields the repository maintains for its queries and for optimistic concurrency:
- `version` (the kernel's `VersionedRepository`): incremented on every save; a save whose
  loaded version is no longer current fails with `StaleAuthority` (two writers never silently overwrite each other);
- `coordinator_roles`: the admin roles (other than CA) the authority holds in a non-removed LA
  (who counts for uniqueness, DIR-010 / DIR-012);
- `la_codes`: the legislative areas it has access to.

A repository lives inside one unit of work: it reads and writes through that transaction's
`Documents` port (MongoDB, or the in-memory fake of handler tests).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import ClassVar

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from imi_shared.errors import Conflict, NotFound, RuleViolation
from imi_shared.repository import VersionedRepository

from ..domain.authority import Authority

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


def to_document(authority: Authority) -> dict:
    """The stored shape (without `_id` / `version`, which the kernel base adds)."""
    document = authority.model_dump(mode="python")
    document.update(
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


class AuthorityRepository(VersionedRepository[Authority]):
    """The kernel's versioned repository (optimistic `version`, DIR-137), with the maintained
    `coordinator_roles` / `la_codes` fields and the directory's extra queries."""

    collection: ClassVar[str] = COLLECTION
    rule: ClassVar[str] = "DIR-137"

    def identity(self, authority: Authority) -> str:
        return authority.id

    def to_document(self, authority: Authority) -> dict:
        return to_document(authority)

    def from_document(self, document: dict) -> Authority:
        return from_document(document)

    def not_found(self, authority_id: str) -> RuleViolation:
        return NotFound("DIR-137", f"no authority {authority_id!r}")

    def stale(self, authority_id: str) -> RuleViolation:
        return StaleAuthority(authority_id)

    def duplicate(self, authority_id: str) -> RuleViolation:
        # a concurrent registration took the id or the e-mail (unique index)
        return Conflict("DIR-137", "the authority or its e-mail address already exists")

    async def coordinators_of(self, member_state: str) -> list[Authority]:
        """Authorities of the MS holding a coordinator admin role (uniqueness checks)."""
        where = {"member_state": member_state, "coordinator_roles": {"$ne": []}}
        return [from_document(d) for d in await self.documents.find(where)]

    async def ids_in_status_since(self, statuses: Iterable[str], before: datetime) -> list[str]:
        """Ids of authorities in one of `statuses` since before `before` (purge candidates)."""
        where = {
            "status": {"$in": [str(s) for s in statuses]},
            "status_changed_at": {"$lte": before},
        }
        return [d["_id"] for d in await self.documents.find(where)]

    async def email_in_use(self, email: str, *, except_id: str | None = None) -> bool:
        where: dict = {"email": email.strip().lower()}
        if except_id:
            where["_id"] = {"$ne": except_id}
        return bool(await self.documents.find(where, limit=1))
