"""The authority-search projection (DIR §3.13): collections, indexes, writes and the query.

A CQRS read model of the directory's own data, kept by `handlers/search_projection.py`.
No text, hashed or wildcard index is used (SecantusDB has none; MongoDB does not need them):
every criterion is an ordinary (multikey) index looked up by equality.

- `authority_search`        one document per authority: criteria + result line (search_entry)
- `authority_search_names`  one per authority: name terms, whole names, translations (TRL-009)
- `authority_search_users`  one per current user: its e-mail, for coordinator DAs (DIR-134)

Query plan: the first `$match` holds every criterion, ordered from the most to the least
selective, so a planner that serves one clause by index and filters the rest (SecantusDB) starts
from the narrowest set; country + status alone hits the compound index exactly. Free text,
whole names and e-mails are first resolved to authority ids through their own collections.
The page and its total come from one `$facet` (the `count` command would scan the collection).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from ..domain.authority import Authority
from ..reference import ReferenceData
from .search_entry import ANY_COMPETENCE, EVERYONE, names_document, search_document, tagged

SEARCH, NAMES, USERS = "authority_search", "authority_search_names", "authority_search_users"
SMALL_ID_SET = 300  # a resolved id list up to this size drives the query; a larger one filters


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
}
RESULT_FIELDS = (
    "member_state",
    "region",
    "status",
    "official_name",
    "informal_name",
    "informal_name_language",
    "email",
    "spoken_languages",
    "la_codes",
    "admin_roles",
    "alert_inbox",
)


async def ensure_indexes(db: AsyncDatabase) -> None:
    for collection, indexes in INDEXES.items():
        await db[collection].create_indexes(indexes)


@dataclass(frozen=True)
class IndexQuery:
    """Criteria in stored form (codes checked and normalised by the handler)."""

    statuses: tuple[str, ...] = ("active",)
    viewer_ids: tuple[str, ...] | None = None  # DIR-077: restrict `visible_to` to these
    member_state: str | None = None
    region_key: str | None = None
    la_code: str | None = None
    keywords: tuple[str, ...] = ()
    nace: str | None = None
    policy: str | None = None
    responders_for: str | None = None
    terms: tuple[str, ...] = ()
    exact_name: str | None = None
    email: str | None = None
    lang: str = "en"  # display language: translated names are searched in it (TRL-010)
    skip: int = 0
    limit: int = 20


@dataclass
class IndexPage:
    total: int
    documents: list[dict]
    user_matches: dict[str, str] = field(default_factory=dict)  # authority id → user e-mail


def _one_or_any(values: Sequence[str]):
    return values[0] if len(values) == 1 else {"$in": list(values)}


def build_match(query: IndexQuery, ids: Sequence[str] | None = None) -> dict:
    """The `$match` of a search, most selective clause first (see the module docstring)."""
    small_ids = ids is not None and len(ids) <= SMALL_ID_SET
    clauses: list[tuple[str, object]] = []
    if small_ids:
        clauses.append(("_id", {"$in": list(ids)}))
    if query.keywords:
        clauses.append(("keywords", _one_or_any(query.keywords)))
    for name, value in (("region_key", query.region_key), ("member_state", query.member_state)):
        if value is not None:
            clauses.append((name, value))
    for name, value in (("nace", query.nace), ("policy", query.policy)):
        if value is not None:
            clauses.append((name, {"$in": [value, ANY_COMPETENCE]}))
    for name, value in (("responder_las", query.responders_for), ("la_codes", query.la_code)):
        if value is not None:
            clauses.append((name, value))
    if ids is not None and not small_ids:
        clauses.append(("_id", {"$in": list(ids)}))
    if query.viewer_ids is not None:
        clauses.append(("visible_to", {"$in": [EVERYONE, *query.viewer_ids]}))
    clauses.append(("status", _one_or_any(query.statuses)))
    return dict(clauses)


class SearchIndex:
    """Reads and writes the projection; inside a unit of work pass its session."""

    def __init__(self, db: AsyncDatabase, session: AsyncClientSession | None = None) -> None:
        self._search, self._names, self._users = db[SEARCH], db[NAMES], db[USERS]
        self._session = session

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
        await self._search.replace_one(key, document, upsert=True, session=s)
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
        await self._search.delete_one({"_id": authority_id}, session=s)
        await self._names.delete_one({"_id": authority_id}, session=s)
        await self._users.delete_many({"authority_id": authority_id}, session=s)

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
        ):
            if documents:
                await collection.insert_many(list(documents), ordered=False, session=self._session)

    # ------------------------------------------------------------------ reads

    async def search(self, query: IndexQuery) -> IndexPage:
        ids, user_matches = await self._resolve_ids(query)
        if ids is not None and not ids:
            return IndexPage(0, [])
        items = [
            {"$sort": {"sort_name": 1, "_id": 1}},
            {"$skip": query.skip},
            {"$limit": query.limit},
            {"$project": dict.fromkeys(RESULT_FIELDS, 1)},
        ]
        pipeline = [
            {"$match": build_match(query, ids)},
            {"$facet": {"items": items, "total": [{"$count": "n"}]}},
        ]
        cursor = await self._search.aggregate(pipeline, session=self._session)
        facet = (await cursor.to_list())[0]
        total = facet["total"][0]["n"] if facet["total"] else 0
        found = {d["_id"] for d in facet["items"]}
        return IndexPage(
            total, facet["items"], {k: v for k, v in user_matches.items() if k in found}
        )

    async def _resolve_ids(self, query: IndexQuery) -> tuple[list[str] | None, dict[str, str]]:
        """Authority ids the name and e-mail criteria allow (None: no such criterion)."""
        sets: list[set[str]] = []
        if query.terms:  # the longest word leads the lookup: it is usually the rarest
            stages = [
                {"$match": {"terms": self._either(max(query.terms, key=len), query.lang)}},
                {"$match": {"$and": [{"terms": self._either(t, query.lang)} for t in query.terms]}},
                {"$project": {"_id": 1}},
            ]
            sets.append({d["_id"] for d in await self._aggregate(self._names, stages)})
        if query.exact_name is not None:
            sets.append(
                {
                    d["_id"]
                    async for d in self._names.find(
                        {"exact": self._either(query.exact_name, query.lang)},
                        {"_id": 1},
                        session=self._session,
                    )
                }
            )
        user_matches: dict[str, str] = {}
        if query.email is not None:
            async for d in self._users.find({"email": query.email}, session=self._session):
                user_matches[d["authority_id"]] = d["email"]
            own = {
                d["_id"]
                async for d in self._search.find(
                    {"email": query.email}, {"_id": 1}, session=self._session
                )
            }
            sets.append(own | set(user_matches))
        if not sets:
            return None, {}
        return sorted(set.intersection(*sets)), user_matches

    @staticmethod
    def _either(text: str, lang: str) -> dict:
        """An original name's word (or whole name), or the same in the display language's
        translation (TRL-010)."""
        return {"$in": [text, tagged(lang, text)]}

    async def _aggregate(self, collection, stages: list[dict]) -> list[dict]:
        return await (await collection.aggregate(stages, session=self._session)).to_list()

    async def translations(self, authority_ids: Sequence[str], lang: str) -> dict[str, str]:
        """The informal name in `lang` of each authority that has one (DIR-132, TRL-009)."""
        if not authority_ids:
            return {}
        cursor = self._names.find(
            {"_id": {"$in": list(authority_ids)}},
            {f"translations.{lang}": 1},
            session=self._session,
        )
        return {
            d["_id"]: d["translations"][lang]
            async for d in cursor
            if d.get("translations", {}).get(lang)
        }
