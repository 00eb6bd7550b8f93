"""Reads of the search read model `register_index` (REG-017, REG-018, REG-023, TRL-011).

Every lookup is an indexed equality (or small `$in`) returning ids only; sets are combined in
Python (SecantusDB answers an indexed equality in about a millisecond but a multi-condition
filter over arrays or a large `$in` far slower). Quick search: for each word the registers
whose names have its phonetic key (`member_state`+`name_keys`) or whose region, categories or
information types have a label with it; a word matching a register type's label is checked on
the candidates (a type is half the registers), one matching every type constrains nothing.
The candidates (the AND of the words' sets) are then fetched once and checked word by word
(`WordSpec.matches`) and ranked: words found as written first, then the name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from ..domain.search_query import CATEGORY, INFO, REGION, TYPE, WordSpec, exact_hits
from .register_index import COLLECTION

MAX_CANDIDATES = 2000
ROW_FIELDS = {
    "member_state": 1, "official_name": 1, "informal_name": 1, "informal_name_language": 1,
    "translations": 1, "coverage": 1, "region_code": 1, "register_type": 1,
    "category_codes": 1, "info_type_codes": 1, "online": 1, "registration_mandatory": 1,
    "managing_authority_id": 1, "managing_authority_name": 1, "owner_name": 1,
    "translation_status": 1, "sort_name": 1,
}  # fmt: skip
MATCH_FIELDS = {**ROW_FIELDS, "name_keys": 1, "name_words": 1}


@dataclass(frozen=True)
class Page:
    total: int
    rows: list[dict[str, Any]]


class RegisterSearch:
    def __init__(self, db: AsyncDatabase) -> None:
        self._index = db[COLLECTION]

    async def _ids(self, where: Mapping[str, Any]) -> set[str]:
        cursor = self._index.find(dict(where), {"_id": 1}).limit(MAX_CANDIDATES)
        return {doc["_id"] async for doc in cursor}

    async def _sorted(self, where: Mapping[str, Any]) -> dict[str, str]:
        """id -> sort name: the ids and what orders them, in one indexed lookup."""
        cursor = self._index.find(dict(where), {"sort_name": 1}).limit(MAX_CANDIDATES)
        return {doc["_id"]: doc.get("sort_name", "") async for doc in cursor}

    async def _docs(self, where: Mapping[str, Any], fields: Mapping[str, int]) -> list[dict]:
        cursor = self._index.find(dict(where), dict(fields)).limit(MAX_CANDIDATES)
        return [doc async for doc in cursor]

    async def _word_ids(self, scope: Mapping[str, Any], spec: WordSpec) -> set[str]:
        found = await self._ids({**scope, "name_keys": {"$in": list(spec.name_keys)}})
        for field, codes in spec.narrow_codes().items():
            found |= await self._ids({**scope, field: {"$in": sorted(codes)}})
        return found

    async def quick(
        self, member_state: str, specs: list[WordSpec], lang: str, type_count: int,
        offset: int, limit: int,
    ) -> Page:  # fmt: skip
        scope = {"member_state": member_state}
        constraining = [s for s in specs if not s.always(type_count)]
        candidates: set[str] | None = None
        for spec in constraining:
            if TYPE in spec.codes:
                continue  # a type's label: checked on the candidates below
            found = await self._word_ids(scope, spec)
            candidates = found if candidates is None else candidates & found
            if not candidates:
                return Page(0, [])
        if candidates is None:
            docs = await self._docs(scope, MATCH_FIELDS)
        else:
            docs = await self._docs({"_id": {"$in": sorted(candidates)}}, MATCH_FIELDS)
        hits = [d for d in docs if all(s.matches(d) for s in constraining)]
        hits.sort(key=lambda d: (-exact_hits(specs, d, lang), d.get("sort_name", ""), d["_id"]))
        return Page(len(hits), [_row(d) for d in hits[offset : offset + limit]])

    async def advanced(
        self, where: Mapping[str, Any], word_sets: Iterable[tuple[str, list[str]]],
        offset: int, limit: int,
    ) -> Page:  # fmt: skip
        """REG-018: `where` the equality criteria; `word_sets` (array field, keys any of
        which each word must have) for the register and authority names; all ANDed."""
        listed: dict[str, str] | None = None
        for field, keys in word_sets:
            found = await self._sorted({**where, field: {"$in": keys}})
            listed = found if listed is None else {i: listed[i] for i in found if i in listed}
            if not listed:
                return Page(0, [])
        if listed is None:
            listed = await self._sorted(where)
        ordered = sorted(listed, key=lambda i: (listed[i], i))
        page_ids = ordered[offset : offset + limit]
        if not page_ids:
            return Page(len(ordered), [])
        rows = {d["_id"]: d for d in await self._docs({"_id": {"$in": page_ids}}, ROW_FIELDS)}
        return Page(len(ordered), [_row(rows[i]) for i in page_ids if i in rows])


def _row(doc: Mapping[str, Any]) -> dict[str, Any]:
    row = {k: doc.get(k) for k in ROW_FIELDS if k != "sort_name"}
    row["register_id"] = doc["_id"]
    return row


__all__ = ["CATEGORY", "INFO", "REGION", "Page", "RegisterSearch"]
