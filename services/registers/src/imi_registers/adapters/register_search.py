"""Reads of the search read model (REG-017, REG-018, REG-023, TRL-011): the postings of the
criteria in ONE indexed lookup (`register_postings`), the AND / OR, the total and the order
computed here, then the page's rows by id from `register_index` (SecantusDB matches and sorts
candidates in Python, so it is never asked to: `imi_shared.postings`).

Quick search, in one country: a word matches a register in any posting of its phonetic key
(names, originals or translated into the display language) or of the codes whose label in
the display language has it (type, region, categories, information types); a word matching
every register type constrains nothing; every word must match. Ranked: words found as written
(`name_words` postings) first, then the name. Advanced search: every criterion's posting, in
the given country or else in every state's (scope `*`), ordered by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from imi_shared.postings import entry_id, intersect, read_postings, union

from ..domain.search_query import CATEGORY, INFO, REGION, WordSpec
from . import register_postings as postings
from .register_index import COLLECTION

ROW_FIELDS = {
    "member_state": 1, "official_name": 1, "informal_name": 1, "informal_name_language": 1,
    "translations": 1, "coverage": 1, "region_code": 1, "register_type": 1,
    "category_codes": 1, "info_type_codes": 1, "online": 1, "registration_mandatory": 1,
    "managing_authority_id": 1, "managing_authority_name": 1, "owner_name": 1,
    "translation_status": 1,
}  # fmt: skip


@dataclass(frozen=True)
class Page:
    total: int
    rows: list[dict[str, Any]]


def word_keys(member_state: str, spec: WordSpec) -> list[str]:
    """The postings a quick-search word matches a register in (any of them)."""
    out = postings.keys_in([member_state], "name_keys", spec.name_keys)
    for field, codes in spec.codes.items():
        out += postings.keys_in([member_state], field, sorted(codes))
    return out


def exact_keys(member_state: str, spec: WordSpec, lang: str) -> list[str]:
    return postings.keys_in([member_state], "name_words", [f"*={spec.word}", f"{lang}={spec.word}"])


class RegisterSearch:
    def __init__(self, db: AsyncDatabase) -> None:
        self._index = db[COLLECTION]
        self._postings = db[postings.COLLECTION]

    async def quick(
        self, member_state: str, specs: list[WordSpec], lang: str, type_count: int,
        offset: int, limit: int,
    ) -> Page:  # fmt: skip
        clauses = [word_keys(member_state, s) for s in specs if not s.always(type_count)]
        if not clauses:  # only words every register matches: the whole country
            clauses = [[postings.key(member_state, "member_state", member_state)]]
        exact = [exact_keys(member_state, s, lang) for s in specs]
        found = await read_postings(self._postings, [k for c in clauses + exact for k in c])
        exact_sets = [union(keys, found) for keys in exact]
        hits = sorted(
            intersect(clauses, found), key=lambda e: (-sum(e in s for s in exact_sets), e)
        )
        return Page(len(hits), await self._rows(hits[offset : offset + limit]))

    async def advanced(
        self, where: Mapping[str, Any], word_sets: Iterable[tuple[str, list[str]]],
        offset: int, limit: int,
    ) -> Page:  # fmt: skip
        """REG-018: `where` the equality criteria; `word_sets` (field, keys any of which each
        word must have) for the register and authority names; all ANDed."""
        country = where.get("member_state")
        states = [country or postings.ALL]
        clauses = [
            postings.keys_in(states, f, [v]) for f, v in where.items() if f != "member_state"
        ]
        clauses += [postings.keys_in(states, f, keys) for f, keys in word_sets]
        if not clauses:  # the country alone
            clauses = [[postings.key(country, "member_state", country)]]
        found = await read_postings(self._postings, [k for c in clauses for k in c])
        hits = sorted(intersect(clauses, found))
        return Page(len(hits), await self._rows(hits[offset : offset + limit]))

    async def _rows(self, entries: list[str]) -> list[dict[str, Any]]:
        ids = [entry_id(e) for e in entries]
        if not ids:
            return []
        cursor = self._index.find({"_id": {"$in": ids}}, ROW_FIELDS)
        by_id = {d["_id"]: d async for d in cursor}
        return [_row(by_id[i]) for i in ids if i in by_id]


def _row(doc: Mapping[str, Any]) -> dict[str, Any]:
    row = {k: doc.get(k) for k in ROW_FIELDS}
    row["register_id"] = doc["_id"]
    return row


__all__ = ["CATEGORY", "INFO", "REGION", "Page", "RegisterSearch"]
