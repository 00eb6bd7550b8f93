"""Obeying retention for IMI users (RET-004, X-052): `user.pd_locked` takes the user's contact
data out of the user record (every normal API) into a copy sealed under the user's key;
`user.pd_deleted` drops that copy and shreds the key (RET-013: every sealed copy on the bus,
in the outbox and here opens nothing). The helpdesk extracts locked contact data only to prove
an exchange, each extraction logged (RET-004, RET-016)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

from imi_shared.clock import now_utc
from imi_shared.envelope import Envelope
from imi_shared.errors import NotFound
from imi_shared.sealing import KeyShredded, SealedValue

from ..adapters.hashing import user_key_id
from ..adapters.retention_events import UserPdDeleted, UserPdLocked
from ..adapters.user_repository import UserRepository
from ..bootstrap import DirectoryContext
from ..domain.actors import Actor
from ..domain.user_retention import contact_of, has_contact, without_contact

LOCKED = "locked_user_data"
EXTRACTIONS = "pd_extractions"
NOTHING = "no locked personal data to extract here"


ProjectUsers = Callable[[Any, str], Awaitable[None]]


def handlers(ctx: DirectoryContext, project_users: ProjectUsers | None = None) -> dict[str, Any]:
    """`project_users(tx, authority_id)` refreshes the authority-search projection's copy of
    the authority's users (their e-mails, DIR-134) in the same transaction: the lock saves the
    user without an event of its own, so no other consumer would take the e-mail out of it
    (RET-004). None where the projection is not kept (the handler tests on fakes)."""

    async def projected(tx, authority_id: str) -> None:
        if project_users is not None:
            await project_users(tx, authority_id)

    async def on_locked(event: UserPdLocked, envelope: Envelope, tx) -> None:
        vault = tx.documents(LOCKED)
        if await vault.get(event.user_id) is not None:
            return  # a repeat, or already deleted: never revived
        users = UserRepository(tx)
        user = await users.find(event.user_id)
        sealed = None
        if user is not None and has_contact(user):
            try:
                sealed = await ctx.sealer.seal(user_key_id(user.id), contact_of(user))
            except KeyShredded:  # retention already deleted it (its deletion event follows)
                sealed = None
            await users.save(without_contact(user))
            await projected(tx, user.authority_id)
        await vault.insert(
            {
                "_id": event.user_id,
                "version": 1,
                "sealed": sealed.model_dump() if sealed else None,
                "rule": event.rule,
                "locked_at": event.locked_at,
                "delete_at": event.delete_at,
            }
        )

    async def on_deleted(event: UserPdDeleted, envelope: Envelope, tx) -> None:
        vault = tx.documents(LOCKED)
        row = await vault.get(event.user_id)
        if row is not None and "pd_deleted_at" in row:
            return
        users = UserRepository(tx)
        user = await users.find(event.user_id)
        if user is not None and has_contact(user):
            await users.save(without_contact(user))
            await projected(tx, user.authority_id)
        marker = {"_id": event.user_id, "rule": event.rule, "pd_deleted_at": event.deleted_at}
        if row is None:
            await vault.insert({**marker, "version": 1})
        else:
            await vault.replace(
                {**marker, "version": row["version"] + 1}, expected_version=row["version"]
            )
        for key_id in {event.key_id, user_key_id(event.user_id)}:
            await ctx.sealer.shred(key_id)

    return {UserPdLocked.event_type: on_locked, UserPdDeleted.event_type: on_deleted}


@dataclass(frozen=True)
class UserExtraction:
    """RET-004: only to prove an exchange (`case_ref`), for the authority that asked."""

    user_id: str
    case_ref: str
    requesting_authority_id: str | None
    note: str | None


async def extract_locked_user(
    ctx: DirectoryContext, actor: Actor, ask: UserExtraction
) -> dict[str, Any]:
    if not actor.is_helpdesk:  # RET-012: for anyone else it does not exist
        raise NotFound("RET-016", NOTHING)

    async def work(tx) -> dict[str, Any]:
        row = await tx.documents(LOCKED).get(ask.user_id)
        if row is not None and "pd_deleted_at" in row:
            raise NotFound("RET-013", "the personal data of this user was deleted")
        if row is None or not row.get("sealed"):
            raise NotFound("RET-016", NOTHING)
        try:
            contact = await ctx.sealer.unseal(SealedValue.model_validate(row["sealed"]))
        except KeyShredded as exc:
            raise NotFound("RET-013", "the personal data of this user was deleted") from exc
        extraction_id = str(uuid4())
        await tx.documents(EXTRACTIONS).insert(
            {
                "_id": extraction_id,
                "version": 1,
                "case_type": "user",
                "case_id": ask.user_id,
                "reason": "proof_of_exchange",
                "case_ref": ask.case_ref,
                "requesting_authority_id": ask.requesting_authority_id,
                "note": ask.note,
                "helpdesk_user_id": actor.user_id,
                "at": now_utc(ctx.clock),
            }
        )
        return {"extraction_id": extraction_id, "user_id": ask.user_id, "contact": contact}

    return (await ctx.uow.run(work)).value
