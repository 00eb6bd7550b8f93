"""The principal-status read model's adapters: the store (on the `Documents` port), the
subscriber on the directory's topic (through the kernel's idempotent `EventSubscriber`) and
the `principal_check` that `current_principal` runs (X-054)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from fastapi import Request

from ..auth import Principal, VerifiedToken
from ..consumer import EventSubscriber, Handler, Scope
from ..documents import Document, Documents, DuplicateDocument, MongoDocuments
from ..envelope import Envelope, Event
from ..mongo import Transaction
from ..participants import PARTICIPANTS
from . import rules
from .events import (
    USED,
    AccessChanged,
    AuthorityDeleted,
    UserCredentialsReset,
    UserLockedOut,
    UserRemoved,
    principal_status_catalog,
)


class _Runtime(Protocol):
    """What the wiring needs of `imi_shared.runtime.ServiceRuntime` (no import: no cycle)."""

    broker: Any
    uow: Any
    settings: Any

    @property
    def topics(self) -> Any: ...


COLLECTION = "principal_status"


class PrincipalStatusStore:
    def __init__(self, documents: Documents) -> None:
        self.documents = documents

    async def statuses(
        self, user_id: str, authority_id: str
    ) -> tuple[Document | None, Document | None]:
        """The user's and the authority's documents, in one query."""
        keys = [rules.user_key(user_id), rules.authority_key(authority_id)]
        found = {d["_id"]: d for d in await self.documents.find({"_id": {"$in": keys}})}
        return found.get(keys[0]), found.get(keys[1])

    async def change(self, key: str, change: Callable[[Document | None], Document]) -> None:
        """Read, change, write back under the document's version (inside the consumer's
        transaction: a concurrent writer makes the transaction retry)."""
        current = await self.documents.get(key)
        updated = change(current)
        updated["_id"] = key
        if current is None:
            updated["version"] = 1
            try:
                await self.documents.insert(updated)
                return
            except DuplicateDocument:  # written meanwhile: apply on top of that one
                current = await self.documents.get(key)
                updated = {**change(current), "_id": key}
        assert current is not None
        updated["version"] = int(current.get("version", 0)) + 1
        if not await self.documents.replace(updated, expected_version=int(current["version"])):
            raise RuntimeError(f"principal status {key} changed concurrently; retried")


async def apply(event: Event, documents: Documents) -> None:
    """One directory event into the read model (pure rules, one document)."""
    store = PrincipalStatusStore(documents)
    if isinstance(event, UserLockedOut):
        at = event.locked_at
        await store.change(
            rules.user_key(event.user_id), lambda d: rules.user_after(d, refuse_before=at)
        )
    elif isinstance(event, UserCredentialsReset):
        at = event.reset_at
        await store.change(
            rules.user_key(event.user_id), lambda d: rules.user_after(d, refuse_before=at)
        )
    elif isinstance(event, UserRemoved):
        await store.change(rules.user_key(event.user_id), lambda d: rules.user_removed(d, event))
    elif isinstance(event, AccessChanged):
        await store.change(
            rules.authority_key(event.authority_id), lambda d: rules.access_changed(d, event)
        )
    elif isinstance(event, AuthorityDeleted):
        await store.change(
            rules.authority_key(event.authority_id), lambda d: rules.authority_deleted(d, event)
        )


async def _handle(event: Event, envelope: Envelope, tx: Transaction) -> None:
    await apply(event, tx.documents(COLLECTION))


HANDLERS: dict[str, Handler] = {cls.event_type: _handle for cls in USED}


class PrincipalStatusCheck:
    """`app.state.principal_check`: the verified principal judged against the read model."""

    def __init__(self, documents: Documents) -> None:
        self.store = PrincipalStatusStore(documents)

    async def __call__(self, request: Request, token: VerifiedToken) -> Principal:
        principal = token.principal
        user, authority = await self.store.statuses(principal.user_id, principal.authority_id)
        return rules.judge(principal, token.issued_at, user, authority)


def wire_principal_status(runtime: _Runtime) -> PrincipalStatusCheck:
    """Subscribe the read model to the directory's topic (every partition: a user of any
    participant may call) as consumer `<service>.principal-status`; give the check."""
    subscriber = EventSubscriber(runtime.broker, runtime.uow, principal_status_catalog())
    subscriber.subscribe(
        runtime.topics.directory_events,
        f"{runtime.settings.service_name}.principal-status",
        HANDLERS,
        scope=Scope(PARTICIPANTS),
    )
    return PrincipalStatusCheck(MongoDocuments(runtime.uow.db[COLLECTION]))
