"""Reading the authority-search projection (DIR-130..DIR-134, TRL-010): the query.

Two plans, both without text, hashed or wildcard indexes (SecantusDB has none):

- Active authorities by a posted criterion (country, region, legislative area, keywords, NACE,
  policy area, responders; every user's search, DIR-130): the criteria's postings are read in
  one lookup and intersected here (`search_postings`), the page's documents fetched by id.
  SecantusDB serves a query from one index and decodes, matches, sorts and counts every
  candidate in Python, so a `$match` over hundreds of candidates cost tens of milliseconds.
- Anything else (other statuses for coordinator DAs, DIR-134 / DIR-077; only names, free
  text or e-mails): one `$match` holding every criterion, ordered from the most to the least
  selective, so a planner that serves one clause by index and filters the rest starts from the
  narrowest set; country + status alone hits the compound index exactly. The page and its total
  come from one `$facet` (the `count` command would scan the collection).

Free text, whole names and e-mails are first resolved to authority ids through their own
collections, in both plans.
"""

from __future__ import annotations

from collections.abc import Sequence

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from . import search_postings as postings
from .search_entry import tagged
from .search_plan import IndexPage, IndexQuery, build_match, posting_clauses

SEARCH, NAMES, USERS = "authority_search", "authority_search_names", "authority_search_users"
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


class SearchReader:
    """Searches the projection; inside a unit of work pass its session."""

    def __init__(self, db: AsyncDatabase, session: AsyncClientSession | None = None) -> None:
        self._search, self._names, self._users = db[SEARCH], db[NAMES], db[USERS]
        self._postings = db[postings.POSTINGS]
        self._session = session

    async def search(self, query: IndexQuery) -> IndexPage:
        """The page and total of the query, by the postings when they serve it."""
        clause_keys = posting_clauses(query)
        return await (
            self._by_postings(query, clause_keys) if clause_keys else self.by_match(query)
        )

    async def by_match(self, query: IndexQuery) -> IndexPage:
        """The general plan: one `$match` over the search documents (any query; the postings
        plan must give the same pages, tests compare them)."""
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

    async def _by_postings(self, query: IndexQuery, clause_keys: list[list[str]]) -> IndexPage:
        """Active authorities by posted criteria: one lookup of the postings, the AND / OR
        and the order computed here, then the page's documents by id (search_postings)."""
        ids, user_matches = await self._resolve_ids(query)
        if ids is not None and not ids:
            return IndexPage(0, [])
        wanted = sorted({k for keys in clause_keys for k in keys})
        cursor = self._postings.find({"key": {"$in": wanted}}, session=self._session)
        found = postings.merged(await cursor.to_list())
        entries = postings.intersect(clause_keys, found)
        if ids is not None:
            allowed = set(ids)
            entries = [e for e in entries if postings.entry_id(e) in allowed]
        page_ids = [postings.entry_id(e) for e in entries[query.skip : query.skip + query.limit]]
        by_id = {}
        if page_ids:
            cursor = self._search.find(
                {"_id": {"$in": page_ids}}, dict.fromkeys(RESULT_FIELDS, 1), session=self._session
            )
            by_id = {d["_id"]: d async for d in cursor}
        documents = [by_id[i] for i in page_ids if i in by_id]
        shown = set(page_ids)
        return IndexPage(
            len(entries), documents, {k: v for k, v in user_matches.items() if k in shown}
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
