"""The recipients read model (X-053): users and authorities from directory events.

Kept in the notifier's own database so nothing is asked of the directory at send time. The
e-mail addresses (unsealed from the directory's events here only) live only in these rows:
the mailer reads them; they never go on a topic (NOT-001).

- `recipients` (one row per user): `authority_id, member_state, main_language, email,
  roles [{role, la_code, workflow}], status` (`active`, or `removed` / `locked`: NOT-005);
- `recipient_authorities` (one row per authority): `member_state, status, email, languages`
  (spoken, first first: NOT-002), `allocation {la_code: bool}` (DIR-033), `deleted`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..domain.notification import Recipient
from ..domain.parties import ACTIVE, REMOVED_ACCESS, AuthorityFacts, Directory, Role, UserFacts
from .rows import put_row as _put

USERS = "recipients"
AUTHORITIES = "recipient_authorities"
PD_FIELDS = frozenset({"email", "name", "first_name", "last_name"})  # RET-004
GONE = {"status": "removed", "pd_gone": True}  # NOT-005: nothing more is sent


def user_facts(doc: dict[str, Any]) -> UserFacts:
    return UserFacts(
        user_id=doc["_id"],
        authority_id=doc.get("authority_id", ""),
        member_state=doc.get("member_state", ""),
        main_language=doc.get("main_language", ""),
        roles=frozenset(
            Role(r["role"], r.get("la_code"), r.get("workflow")) for r in doc.get("roles") or ()
        ),
        status=doc.get("status", ACTIVE),
    )


def authority_facts(doc: dict[str, Any]) -> AuthorityFacts:
    allocation = doc.get("allocation") or {}
    return AuthorityFacts(
        authority_id=doc["_id"],
        member_state=doc.get("member_state", ""),
        status=doc.get("status", ACTIVE),
        has_email=bool(doc.get("email")),
        languages=tuple(doc.get("languages") or ()),
        allocation=frozenset(la for la, on in allocation.items() if on),
        deleted=bool(doc.get("deleted")),
        removed_access=frozenset(
            (key.split("|")[0], key.split("|")[1] or None)
            for key, status in (doc.get("access") or {}).items()
            if status in REMOVED_ACCESS
        ),
    )


class RecipientBook:
    def __init__(self, tx) -> None:
        self.users = tx.documents(USERS)
        self.authorities = tx.documents(AUTHORITIES)

    # ------------------------------------------------------------------ writes

    async def put_user(self, recipient: Recipient, email: str) -> None:
        current = await self.users.get(recipient.user_id)
        gone = bool((current or {}).get("pd_gone"))  # RET-004: a late replay brings no e-mail
        await _put(
            self.users,
            recipient.user_id,
            {
                "authority_id": recipient.authority_id,
                "member_state": recipient.member_state,
                "main_language": recipient.main_language,
                "email": None if gone else email,
            },
        )

    async def forget_user_pd(self, user_id: str) -> None:
        """RET-004: the user's PD (its e-mail; the read model keeps no name) is locked or
        deleted: dropped here, and the user gets nothing more (`removed`, NOT-005)."""
        current = await self.users.get(user_id)
        if current is None:
            await self.users.insert({"_id": user_id, "version": 1, **GONE})
            return
        kept = {k: v for k, v in current.items() if k not in PD_FIELDS}
        version = current["version"]
        replaced = {**kept, **GONE, "version": version + 1}
        if not await self.users.replace(replaced, expected_version=version):
            raise RuntimeError(f"read model row {user_id} changed meanwhile")  # bus retries

    async def put_roles(self, user_id: str, roles: Iterable[Role], **where: str) -> None:
        """The user's whole set of rights; `where`: its `authority_id`, `member_state`."""
        rows = [{"role": r.role, "la_code": r.la_code, "workflow": r.workflow} for r in roles]
        await _put(self.users, user_id, {"roles": rows, **where})

    async def put_user_status(self, user_id: str, status: str) -> None:
        """NOT-005: `removed` / `locked` users get no further messages; `active` again
        (never once its PD is locked or deleted, RET-004)."""
        current = await self.users.get(user_id)
        if current is not None and current.get("pd_gone"):
            return
        await _put(self.users, user_id, {"status": status})

    async def put_authority_status(self, authority_id: str, status: str) -> None:
        await _put(self.authorities, authority_id, {"status": status})

    async def put_authority(self, authority_id: str, **fields: Any) -> None:
        """Some of `member_state, status, email, languages, deleted` of an authority."""
        await _put(self.authorities, authority_id, fields)

    async def put_allocation(self, authority_id: str, la_code: str, on: bool) -> None:
        current = await self.authorities.get(authority_id)
        allocation = dict((current or {}).get("allocation") or {})
        allocation[la_code] = on
        await _put(self.authorities, authority_id, {"allocation": allocation})

    async def put_access(
        self, authority_id: str, la_code: str, workflow: str | None, status: str
    ) -> None:
        """An LA access (`workflow` None) or workflow access status (NOT-005)."""
        current = await self.authorities.get(authority_id)
        access = dict((current or {}).get("access") or {})
        access[f"{la_code}|{workflow or ''}"] = status
        await _put(self.authorities, authority_id, {"access": access})

    # ------------------------------------------------------------------ reads

    async def authority_status(self, authority_id: str) -> str | None:
        found = await self.authorities.get(authority_id)
        return None if found is None else found.get("status")

    async def user(self, user_id: str) -> UserFacts | None:
        found = await self.users.get(user_id)
        return None if found is None else user_facts(found)

    async def authority(self, authority_id: str) -> AuthorityFacts | None:
        found = await self.authorities.get(authority_id)
        return None if found is None else authority_facts(found)

    async def users_of(self, authority_id: str) -> list[UserFacts]:
        found = await self.users.find({"authority_id": authority_id}, sort=[("_id", 1)])
        return [user_facts(d) for d in found]

    async def users_with_role(
        self, authority_id: str, roles: Iterable[str], la_code=None, workflow=None
    ) -> list[UserFacts]:
        """The reachable users of a reachable authority holding one of `roles` (NOT-005)."""
        return (await self.directory([authority_id])).users_with_role(
            authority_id, roles, la_code, workflow
        )

    async def directory(self, authority_ids: Iterable[str | None]) -> Directory:
        """The facts routing needs about these authorities and their users (one read each)."""
        ids = sorted({a for a in authority_ids if a})
        if not ids:
            return Directory()
        authorities = await self.authorities.find({"_id": {"$in": ids}})
        users = await self.users.find({"authority_id": {"$in": ids}}, sort=[("_id", 1)])
        by_authority: dict[str, list[UserFacts]] = {}
        for doc in users:
            by_authority.setdefault(doc["authority_id"], []).append(user_facts(doc))
        facts = {d["_id"]: authority_facts(d) for d in authorities}
        return Directory(facts, {a: tuple(u) for a, u in by_authority.items()})

    async def email_of_user(self, user_id: str) -> str | None:
        found = await self.users.get(user_id)
        return None if found is None else found.get("email")

    async def email_of_authority(self, authority_id: str) -> str | None:
        found = await self.authorities.get(authority_id)
        return None if found is None else found.get("email")


async def ensure_recipient_indexes(runtime) -> None:
    """Routing reads an authority's users (`users_of`, `directory`) by `authority_id`;
    `case.pd_deleted` (RET-013) finds a case's notifications by `link`."""
    await runtime.uow.db[USERS].create_index("authority_id")
    await runtime.uow.db["notifications"].create_index("link")
