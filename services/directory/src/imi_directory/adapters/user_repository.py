"""MongoDB repository of users (DIR-140, DIR-141), inside one unit of work.

One document per user (`_id` = user id): the pydantic dump of `User` plus fields the repository
maintains:
- `version`: incremented on every save; a save whose loaded version is no longer current fails
  with `StaleUser` (optimistic concurrency, as for authorities);
- `active_email`: the e-mail while the user is not removed. The unique index on it enforces
  "e-mail unique per user" (DIR-081) among current users; a removed user's locked contact data
  (RET-004) no longer blocks the address, so the person can be registered again later.
Usernames are unique for ever (unique index on `username`), removed users included.
"""

from __future__ import annotations

import re

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from imi_shared.errors import Conflict, NotFound
from imi_shared.mongo import Transaction

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


def to_document(user: User, version: int) -> dict:
    document = user.model_dump(mode="json")  # enums → str, datetimes → ISO
    document.update(
        _id=user.id,
        version=version,
        created_at=user.created_at,
        status_changed_at=user.status_changed_at,
    )
    document.pop("id")
    if user.status is not UserStatus.REMOVED:
        document["active_email"] = normalize_email(user.email)
    return document


def from_document(document: dict) -> User:
    data = {k: v for k, v in document.items() if k not in MAINTAINED}
    return User.model_validate({**data, "id": document["_id"]})


def duplicate_refusal(error: DuplicateKeyError) -> Conflict:
    """A unique index said no: name the rule."""
    pattern = (error.details or {}).get("keyPattern") or {}
    if "active_email" in pattern:
        return Conflict("DIR-081", "each user needs an e-mail address of his or her own")
    if "username" in pattern:
        return Conflict("DIR-082", "this username is already taken")
    return Conflict("DIR-140", "this user already exists")


class UserRepository:
    def __init__(self, tx: Transaction) -> None:
        self._collection = tx.db[COLLECTION]
        self._session = tx.session
        self._versions: dict[str, int] = {}

    def _remember(self, document: dict) -> User:
        self._versions[document["_id"]] = document["version"]
        return from_document(document)

    async def get(self, user_id: str, *, expected_version: int | None = None) -> User:
        document = await self._collection.find_one({"_id": user_id}, session=self._session)
        if document is None:
            raise NotFound("X-002", f"no user {user_id!r}")
        if expected_version is not None and document["version"] != expected_version:
            raise StaleUser(user_id)
        return self._remember(document)

    async def by_username(self, username: str) -> User | None:
        document = await self._collection.find_one({"username": username}, session=self._session)
        return None if document is None else self._remember(document)

    async def of_authority(self, authority_id: str, *, include_removed: bool = True) -> list[User]:
        query: dict = {"authority_id": authority_id}
        if not include_removed:
            query["status"] = {"$ne": str(UserStatus.REMOVED)}
        cursor = self._collection.find(query, session=self._session).sort("_id", ASCENDING)
        return [self._remember(d) async for d in cursor]

    async def has_users(self, authority_id: str) -> bool:
        found = await self._collection.find_one(
            {"authority_id": authority_id}, {"_id": 1}, session=self._session
        )
        return found is not None

    async def email_in_use(self, email: str, *, except_id: str | None = None) -> bool:
        query: dict = {"active_email": normalize_email(email)}
        if except_id:
            query["_id"] = {"$ne": except_id}
        return await self._collection.find_one(query, {"_id": 1}, session=self._session) is not None

    async def usernames_like(self, base: str) -> set[str]:
        """Taken usernames `base`, `base2`, `base3`... (for DIR-082 proposals)."""
        pattern = f"^{re.escape(base)}\\d*$"
        cursor = self._collection.find(
            {"username": {"$regex": pattern}}, {"username": 1}, session=self._session
        )
        return {d["username"] async for d in cursor}

    async def add(self, user: User) -> None:
        try:
            await self._collection.insert_one(to_document(user, 1), session=self._session)
        except DuplicateKeyError as exc:
            raise duplicate_refusal(exc) from exc
        self._versions[user.id] = 1

    async def save(self, user: User) -> int:
        """Write back a loaded user; returns its new version."""
        loaded = self._versions.get(user.id)
        if loaded is None:
            raise ValueError(f"user {user.id} was not loaded through this repository")
        try:
            result = await self._collection.replace_one(
                {"_id": user.id, "version": loaded},
                to_document(user, loaded + 1),
                session=self._session,
            )
        except DuplicateKeyError as exc:
            raise duplicate_refusal(exc) from exc
        if result.matched_count != 1:
            raise StaleUser(user.id)
        self._versions[user.id] = loaded + 1
        return loaded + 1

    def version_of(self, user_id: str) -> int | None:
        return self._versions.get(user_id)
