"""The principal-status read model's adapters: the store (on the `Documents` port), the
subscriber on the directory's topic (through the kernel's idempotent `EventSubscriber`) and
the `principal_check` that `current_principal` runs (X-054).

The check may keep what it read for `cache_seconds` (issue 12: one query per HTTP call was a
sixth of a request lifecycle's MongoDB commands). A refusal still comes within seconds: an
event this process's subscriber applies drops the entries of its user or authority at once
and keeps them uncached for one more period (the change may not be committed yet when the
handler runs); an event another replica applied is seen when the entry expires.
"""

from __future__ import annotations

import time
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


def changed_key(event: Event) -> str | None:
    """The status document `event` changes."""
    if isinstance(event, UserLockedOut | UserCredentialsReset | UserRemoved):
        return rules.user_key(event.user_id)
    if isinstance(event, AccessChanged | AuthorityDeleted):
        return rules.authority_key(event.authority_id)
    return None


class PrincipalStatusCheck:
    """`app.state.principal_check`: the verified principal judged against the read model.

    With `cache_seconds` > 0 the documents read for a (user, authority) are kept that long
    (`clock`: monotonic seconds); `changed(key)` drops them and keeps `key` uncached for one
    more period. The judgement itself runs on every call (it depends on the token's time)."""

    def __init__(
        self,
        documents: Documents,
        *,
        cache_seconds: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = PrincipalStatusStore(documents)
        self.cache_seconds = cache_seconds
        self.clock = clock
        self._cached: dict[tuple[str, str], tuple[float, Document | None, Document | None]] = {}
        self._uncached_until: dict[str, float] = {}

    async def __call__(self, request: Request, token: VerifiedToken) -> Principal:
        principal = token.principal
        user, authority = await self.statuses(principal.user_id, principal.authority_id)
        return rules.judge(principal, token.issued_at, user, authority)

    async def statuses(
        self, user_id: str, authority_id: str
    ) -> tuple[Document | None, Document | None]:
        if self.cache_seconds <= 0:
            return await self.store.statuses(user_id, authority_id)
        now = self.clock()
        entry = self._cached.get((user_id, authority_id))
        if entry is not None and entry[0] > now:
            return entry[1], entry[2]
        user, authority = await self.store.statuses(user_id, authority_id)
        keys = (rules.user_key(user_id), rules.authority_key(authority_id))
        if all(self._uncached_until.get(k, 0.0) <= now for k in keys):
            if len(self._cached) >= 10_000:  # expired entries go first, then the oldest
                self._prune(now)
            self._cached[(user_id, authority_id)] = (now + self.cache_seconds, user, authority)
        return user, authority

    def changed(self, key: str) -> None:
        """The status document `key` changed (this process's subscriber applied an event)."""
        if self.cache_seconds <= 0:
            return
        self._uncached_until[key] = self.clock() + self.cache_seconds
        kind, _, value = key.partition(":")
        index = 0 if kind == "user" else 1
        for cached in [c for c in self._cached if c[index] == value]:
            del self._cached[cached]

    def _prune(self, now: float) -> None:
        self._cached = {k: v for k, v in self._cached.items() if v[0] > now}
        while len(self._cached) >= 10_000:
            del self._cached[next(iter(self._cached))]
        self._uncached_until = {k: t for k, t in self._uncached_until.items() if t > now}


def handlers(check: PrincipalStatusCheck) -> dict[str, Handler]:
    """The subscriber's handlers: apply the event, and tell this process's check."""

    async def handle(event: Event, envelope: Envelope, tx: Transaction) -> None:
        await apply(event, tx.documents(COLLECTION))
        key = changed_key(event)
        if key is not None:
            check.changed(key)

    return {cls.event_type: handle for cls in USED}


def wire_principal_status(runtime: _Runtime) -> PrincipalStatusCheck:
    """Subscribe the read model to the directory's topic (every partition: a user of any
    participant may call) as consumer `<service>.principal-status`; give the check (caching
    `settings.principal_status_cache_seconds`)."""
    check = PrincipalStatusCheck(
        MongoDocuments(runtime.uow.db[COLLECTION]),
        cache_seconds=runtime.settings.principal_status_cache_seconds,
    )
    subscriber = EventSubscriber(runtime.broker, runtime.uow, principal_status_catalog())
    subscriber.subscribe(
        runtime.topics.directory_events,
        f"{runtime.settings.service_name}.principal-status",
        handlers(check),
        scope=Scope(PARTICIPANTS),
    )
    return check
