"""The authority-search projection (DIR §3.13): collections, indexes and writes.

A CQRS read model of the directory's own data, kept by `handlers/search_projection.py`; read by
`search_query.SearchReader` (the query plans are described there). No text, hashed or wildcard
index is used (SecantusDB has none; MongoDB does not need them).

- `authority_search`          one document per authority: criteria + result line (search_entry)
- `authority_search_names`    one per authority: name terms, whole names, translations (TRL-009)
- `authority_search_users`    one per current user: its e-mail, for coordinator DAs (DIR-134)
- `authority_search_postings` one per criterion value: the active authorities having it, sorted
  (search_postings), written in the same transaction as the search document
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pymongo import ASCENDING, IndexModel, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from ..domain.authority import Authority
from ..reference import ReferenceData
from . import search_postings as postings
from .search_entry import names_document, search_document
from .search_plan import (  # noqa: F401  (re-exported: the projection's public names)
    SMALL_ID_SET,
    IndexPage,
    IndexQuery,
    build_match,
)
from .search_query import NAMES, RESULT_FIELDS, SEARCH, USERS, SearchReader  # noqa: F401


def _index(*fields: str) -> IndexModel:
    return IndexModel([(f, ASCENDING) for f in fields], name="_".join(fields))


INDEXES: dict[str, list[IndexModel]] = {
    SEARCH: [
        _index("member_state", "status"),
        _index("status", "sort_name"),
        _index("keywords"),
        _index("la_codes"),
        _index("nace"),
        _index("policy"),
        _index("region_key"),
        _index("responder_las"),
        _index("email"),
        _index("visible_to"),
    ],
    NAMES: [_index("terms"), _index("exact")],
    USERS: [_index("email"), _index("authority_id")],
    postings.POSTINGS: [_index("key")],  # a posting's bucket documents (search_postings)
}

_POSTED = dict.fromkeys(postings.POSTED_FIELDS, 1)


async def ensure_indexes(db: AsyncDatabase) -> None:
    for collection, indexes in INDEXES.items():
        await db[collection].create_indexes(indexes)


class SearchIndex(SearchReader):
    """Reads (SearchReader) and writes the projection; inside a unit of work pass its session."""

    # ------------------------------------------------------------------ writes

    async def projected_version(self, authority_id: str) -> int | None:
        """The write-model version last projected for the authority (None: not projected)."""
        found = await self._search.find_one(
            {"_id": authority_id}, {"source_version": 1}, session=self._session
        )
        return None if found is None else found.get("source_version")

    async def put(
        self, authority: Authority, reference: ReferenceData, version: int | None = None
    ) -> None:
        """Project the authority as it is now (`version`: its write-model version).
        Translations of the informal name are kept while the name is unchanged (TRL-009)."""
        s, key = self._session, {"_id": authority.id}
        document = {**search_document(authority, reference), "source_version": version}
        # find_one + replace_one, not find_one_and_replace: the same in a transaction, and
        # SecantusDB's findAndModify costs ~9x more (26 ms against 2.9 ms, measured)
        before = await self._search.find_one(key, session=s)
        await self._search.replace_one(key, document, upsert=True, session=s)
        await self._write_postings(before, document)
        current = await self._names.find_one(
            key, {"informal_name": 1, "translations": 1}, session=s
        )
        kept = (
            (current or {}).get("translations", {})
            if (current and current.get("informal_name") == authority.informal_name)
            else {}
        )
        names = names_document(authority.id, authority.official_name, authority.informal_name, kept)
        await self._names.replace_one(key, names, upsert=True, session=s)

    async def put_users(self, authority_id: str, emails: Mapping[str, str]) -> bool:
        """The current users' e-mails (user id → e-mail) of the authority; False: unchanged."""
        s = self._session
        stored = {
            d["_id"]: d["email"]
            async for d in self._users.find({"authority_id": authority_id}, session=s)
        }
        if stored == dict(emails):
            return False
        await self._users.delete_many({"authority_id": authority_id}, session=s)
        if emails:
            await self._users.insert_many(
                [
                    {"_id": uid, "authority_id": authority_id, "email": email}
                    for uid, email in sorted(emails.items())
                ],
                session=s,
            )
        return True

    async def remove(self, authority_id: str) -> None:
        s = self._session
        before = await self._search.find_one({"_id": authority_id}, session=s)
        await self._search.delete_one({"_id": authority_id}, session=s)
        await self._write_postings(before, None)
        await self._names.delete_one({"_id": authority_id}, session=s)
        await self._users.delete_many({"authority_id": authority_id}, session=s)

    async def _write_postings(self, before: dict | None, after: dict | None) -> None:
        updates = [
            UpdateOne(
                {"_id": postings.document_id(key, entry)},
                {op: {"entries": entry}, "$set": {"key": key}},
                upsert=op == "$addToSet",
            )
            for key, op, entry in postings.changes(before, after)
        ]
        if updates:
            await self._postings.bulk_write(updates, ordered=True, session=self._session)

    async def rebuild_postings(self) -> int:
        """Recompute every posting from the search documents (in the caller's transaction, so
        a concurrent projection write conflicts instead of being overwritten)."""
        s = self._session
        documents = [
            d
            async for d in self._search.find(
                {"status": "active"}, {"sort_name": 1, "status": 1, **_POSTED}, session=s
            )
        ]
        built = postings.build(documents)
        await self._postings.delete_many({}, session=s)
        if built:
            await self._postings.insert_many(built, session=s)
        return len(built)

    async def set_translations(self, authority_id: str, translations: Mapping[str, str]) -> bool:
        """TRL-009: the informal name translated per language (merged). False: not projected."""
        current = await self._names.find_one({"_id": authority_id}, session=self._session)
        if current is None:
            return False
        merged = {**current.get("translations", {}), **translations}
        names = names_document(
            authority_id, current["official_name"], current["informal_name"], merged
        )
        await self._names.replace_one({"_id": authority_id}, names, session=self._session)
        return True

    async def load(
        self, search: Sequence[dict], names: Sequence[dict], users: Sequence[dict] = ()
    ) -> None:
        """Bulk insert of ready documents (benchmarks, rebuilds into an empty projection)."""
        for collection, documents in (
            (self._search, search),
            (self._names, names),
            (self._users, users),
            (self._postings, postings.build(search)),
        ):
            if documents:
                await collection.insert_many(list(documents), ordered=False, session=self._session)

    # ------------------------------------------------------------------ reads
