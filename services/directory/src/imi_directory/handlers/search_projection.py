"""Keeps the authority-search projection (adapters/search_index.py) up to date: a CQRS read
model fed by the directory's OWN events on `imi.directory.events`, eventually consistent.

Why events, read back from the write model: the events say *that* an authority (or one of its
users) changed, but not all a search needs (`authority.registered` carries neither the informal
name, nor the spoken languages, nor the NACE and policy competences). So each event is a
trigger: the consumer loads the authority (authority events) or its current users (user events)
through their repositories, in the consumer's own transaction, and rewrites the projected
documents. This is idempotent (the kernel also drops redelivered events) and insensitive to
order: whatever event comes last, the projection ends equal to the current state. Registering
one authority emits a dozen events in one transaction; the first projects the authority's
version, the others find it projected and write nothing. The authority and user handlers need
no change, and `rebuild_search_projection` recomputes everything with the same functions.

Wire it once per process with `subscribe_search_projection(runtime)` (entrypoints/bus.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from imi_shared.consumer import EventSubscriber, Handler, Scope
from imi_shared.envelope import Envelope, Event, EventCatalog
from imi_shared.mongo import Transaction, UnitOfWork
from imi_shared.runtime import ServiceRuntime

from ..adapters import authority_repository
from ..adapters.authority_repository import AuthorityRepository
from ..adapters.sealed_events import (
    SealedAuthorityDataChanged,
    SealedAuthorityRegistered,
    SealedUserCreated,
)
from ..adapters.search_index import SEARCH, SearchIndex
from ..adapters.user_repository import UserRepository
from ..domain import events as ev
from ..domain.validation import normalize_email
from ..reference import ReferenceData, default_reference

CONSUMER = "directory.search-projection"

# Every event that can change what a search finds or shows. `user.created` / `user.removed`:
# the e-mails coordinator DAs search by (DIR-134). Decoded in their published (sealed) form:
# each event is only a trigger, nothing is unsealed (the data is read from the write model).
PROJECTED: tuple[type[Event], ...] = (
    SealedAuthorityRegistered,
    ev.AuthorityStatusChanged,
    ev.AccessChanged,
    ev.AuthorityParametersChanged,
    ev.AuthorityRoleChanged,
    SealedAuthorityDataChanged,
    ev.AssociatedCoordinatorsChanged,
    ev.CoordinatorFunctionReassigned,
    ev.AuthorityDeleted,
    SealedUserCreated,
    ev.UserRemoved,
)


async def refresh_authority(
    tx: Transaction, authority_id: str, reference: ReferenceData, *, force: bool = False
) -> None:
    """Project one authority as it is in this transaction; removed (with its users' e-mails)
    if it no longer exists. A burst of events of one change finds the authority projected at
    its current version after the first one: the others write nothing (`force` rewrites)."""
    index = SearchIndex(tx.db, tx.session)
    repository = AuthorityRepository(tx)
    authority = await repository.find(authority_id)
    if authority is None:
        await index.remove(authority_id)
        return
    version = repository.version_of(authority_id)
    if force or version is None or await index.projected_version(authority_id) != version:
        await index.put(authority, reference, version)


async def refresh_users(tx: Transaction, authority_id: str) -> None:
    """The e-mails of the authority's current (not removed) users, for DIR-134."""
    users = await UserRepository(tx).of_authority(authority_id, include_removed=False)
    await SearchIndex(tx.db, tx.session).put_users(
        authority_id, {u.id: normalize_email(u.email) for u in users}
    )


async def project_translations(
    tx: Transaction, authority_id: str, translations: Mapping[str, str]
) -> bool:
    """TRL-009 / TRL-010: the informal name translated (language → text), searched and shown
    (DIR-132) for readers of that display language. For the consumer of the translation
    service's events (planned); False if the authority is not projected."""
    return await SearchIndex(tx.db, tx.session).set_translations(authority_id, translations)


def handlers(reference: ReferenceData) -> dict[str, Handler]:
    async def on_authority_event(event: Event, envelope: Envelope, tx: Transaction) -> None:
        await refresh_authority(tx, event.authority_id, reference)  # type: ignore[attr-defined]

    async def on_user_event(event: Event, envelope: Envelope, tx: Transaction) -> None:
        await refresh_users(tx, event.authority_id)  # type: ignore[attr-defined]

    return {
        cls.event_type: on_user_event if cls.aggregate_type == "user" else on_authority_event
        for cls in PROJECTED
    }


def subscribe_search_projection(
    runtime: ServiceRuntime, reference: ReferenceData | None = None
) -> None:
    """Register the projection's subscriber (once per process: the context's
    `search_subscribed` flag; a second call does nothing).
    `entrypoints/bus.py` (`wire_bus`) calls it for every directory process.

    Consumer name (offsets) and idempotency namespace `directory.search-projection`. It reads
    EXPLICIT partitions — those of the participants this deployment serves (all 31 for the
    central IMI_MEMBER_STATES=ALL deployment) — like the open-cases read model, instead of
    joining a consumer group: a group join and its rebalance cost seconds at every start (about
    5-15 s per start against the local broker, measured), and the projection needs no sharing
    of partitions. A second replica reads the same events; the processed-events markers of the
    unit of work drop the repeats, and the writes are idempotent anyway. An event of an
    authority this deployment does not hold projects nothing (it is not in its write model)."""
    ctx = runtime.context
    if ctx.search_subscribed:
        return
    ctx.search_subscribed = True
    scope = Scope(participants=tuple(runtime.settings.scope))
    EventSubscriber(runtime.broker, runtime.uow, EventCatalog(*PROJECTED)).subscribe(
        runtime.topics.directory_events,
        CONSUMER,
        handlers(reference or default_reference()),
        scope=scope,
    )


async def rebuild_search_projection(uow: UnitOfWork, reference: ReferenceData | None = None) -> int:
    """Recompute the projection of every authority from the write model (recovery, seeding);
    drops entries of authorities that no longer exist, then recomputes the postings. Returns the number projected. Safe
    while the consumer runs: both write the current state."""
    reference = reference or default_reference()
    stored = {d["_id"] async for d in uow.db[authority_repository.COLLECTION].find({}, {"_id": 1})}
    projected = {d["_id"] async for d in uow.db[SEARCH].find({}, {"_id": 1})}

    async def both(tx: Transaction, authority_id: str) -> None:
        await refresh_authority(tx, authority_id, reference, force=True)
        if authority_id in stored:
            await refresh_users(tx, authority_id)

    for authority_id in sorted(stored | projected):
        await uow.run(lambda tx, a=authority_id: both(tx, a))
    # The postings (search_postings) recomputed from the documents just written: what an
    # interrupted or older projection left in them goes (one transaction, see rebuild_postings).
    await uow.run(lambda tx: SearchIndex(tx.db, tx.session).rebuild_postings())
    return len(stored)
