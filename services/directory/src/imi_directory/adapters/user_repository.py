"""MongoDB repository of users (DIR-140, DIR-141), inside one unit of work.

One document per user (`_id` = user id): the pydantic dump of `User` plus fields the repository
maintains:
- `version` (the kernel's `VersionedRepository`): incremented on every save; a save whose loaded
  version is no longer current fails with `StaleUser` (optimistic concurrency, as for
  authorities);
- `active_email`: the e-mail while the user is not removed. The unique index on it enforces
  "e-mail unique per user" (DIR-081) among current users; a removed user's locked contact data
  (RET-004) no longer blocks the address, so the person can be registered again later.
Usernames are unique for ever (unique index on `username`), removed users included.
"""

from __future__ import annotations

import re
from typing import ClassVar

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from imi_shared.errors import Conflict, NotFound, RuleViolation
from imi_shared.repository import VersionedRepository

from ..domain.enums import UserStatus
from ..domain.users import User
from ..domain.validation import normalize_email

COLLECTION = "users"
MAINTAINED = ("_id", "version", "active_email")

INDEXES = [
    IndexModel([("username", ASCENDING)], name="username", unique=True),
    IndexModel(
        [("active_email", ASCENDING)],
        name="active_email",
        unique=True,
        partialFilterExpression={"active_email": {"$exists": True}},
    ),
    IndexModel([("authority_id", ASCENDING), ("status", ASCENDING)], name="authority_status"),
]


class StaleUser(Conflict):
    """Somebody else saved the user since it was loaded."""

    def __init__(self, user_id: str) -> None:
        super().__init__("DIR-140", f"user {user_id} was changed meanwhile; reload it")


async def ensure_indexes(db: AsyncDatabase) -> None:
    await db[COLLECTION].create_indexes(INDEXES)


def to_document(user: User) -> dict:
    """The stored shape (without `_id` / `version`, which the kernel base adds)."""
    document = user.model_dump(mode="json")  # enums → str, datetimes → ISO
    document.update(created_at=user.created_at, status_changed_at=user.status_changed_at)
    document.pop("id")
    if user.status is not UserStatus.REMOVED:
        document["active_email"] = normalize_email(user.email)
    return document


def from_document(document: dict) -> User:
    data = {k: v for k, v in document.items() if k not in MAINTAINED}
    return User.model_validate({**data, "id": document["_id"]})


def duplicate_refusal(error: BaseException | None) -> Conflict:
    """A unique index said no: name the rule (the index is on the driver's error, found along
    the chain of causes)."""
    while error is not None and not isinstance(error, DuplicateKeyError):
        error = error.__cause__
    pattern = ((error.details if error is not None else None) or {}).get("keyPattern") or {}
    if "active_email" in pattern:
        return Conflict("DIR-081", "each user needs an e-mail address of his or her own")
    if "username" in pattern:
        return Conflict("DIR-082", "this username is already taken")
    return Conflict("DIR-140", "this user already exists")


class UserRepository(VersionedRepository[User]):
    """The kernel's versioned repository over `users`, with the directory's queries."""

    collection: ClassVar[str] = COLLECTION
    rule: ClassVar[str] = "DIR-140"

    def __init__(self, tx) -> None:
        super().__init__(tx)
        self._tx = tx  # `usernames_like` needs a regex, beyond the `Documents` filters

    def identity(self, user: User) -> str:
        return user.id

    def to_document(self, user: User) -> dict:
        return to_document(user)

    def from_document(self, document: dict) -> User:
        return from_document(document)

    def not_found(self, user_id: str) -> RuleViolation:
        return NotFound("X-002", f"no user {user_id!r}")

    def stale(self, user_id: str) -> RuleViolation:
        return StaleUser(user_id)

    async def by_username(self, username: str) -> User | None:
        found = await self.find_where({"username": username}, limit=1)
        return found[0] if found else None

    async def of_authority(self, authority_id: str, *, include_removed: bool = True) -> list[User]:
        where: dict = {"authority_id": authority_id}
        if not include_removed:
            where["status"] = {"$ne": str(UserStatus.REMOVED)}
        return await self.find_where(where, sort=[("_id", ASCENDING)])

    async def has_users(self, authority_id: str) -> bool:
        return bool(await self.documents.find({"authority_id": authority_id}, limit=1))

    async def email_in_use(self, email: str, *, except_id: str | None = None) -> bool:
        where: dict = {"active_email": normalize_email(email)}
        if except_id:
            where["_id"] = {"$ne": except_id}
        return bool(await self.documents.find(where, limit=1))

    async def usernames_like(self, base: str) -> set[str]:
        """Taken usernames `base`, `base2`, `base3`... (for DIR-082 proposals)."""
        pattern = f"^{re.escape(base)}\\d*$"
        cursor = self._tx.db[COLLECTION].find(
            {"username": {"$regex": pattern}}, {"username": 1}, session=self._tx.session
        )
        return {d["username"] async for d in cursor}

    async def add(self, user: User) -> int:
        try:
            return await super().add(user)
        except RuleViolation as exc:  # the base's duplicate: which unique index?
            raise duplicate_refusal(exc) from exc

    async def save(self, user: User) -> int:
        """Write back a loaded user; returns its new version."""
        try:
            return await super().save(user)
        except DuplicateKeyError as exc:  # the new e-mail is another current user's
            raise duplicate_refusal(exc) from exc
