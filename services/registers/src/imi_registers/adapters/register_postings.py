"""The postings of the search read model (REG-017, REG-018, REG-023, TRL-011): per state and
criterion value, the registers having it (`imi_shared.postings`), written with the
`register_index` row in the same transaction, read by `register_search.py` in one lookup.

Why: SecantusDB serves a query from one index and decodes and matches every candidate in
Python, so combining id sets of several indexed lookups and fetching up to 2,000 candidates
cost 137-664 ms at p95 on 5,000 registers (issue 13). A posting key is
`<member state>|<field>:<value>` over the index row's fields (`POSTED`); every key is scoped
by the register's state, since a quick search is always in one country and an advanced one
without a country reads the same key of every participant. Entries sort by the folded
informal name (`sort_name`) and id, the order of the results.

- names: `name_keys` (`*:<soundex>` originals, `<lang>:<soundex>` translations), and
  `name_words` (`*=<word>`, `<lang>=<word>`: words as written, ranking only);
- authorities: `authority_keys` (owner's and managing authority's names);
- catalogue codes and the drop-down criteria, booleans as `true` / `false`; every register
  is in `<ms>|member_state:<ms>`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from imi_shared import postings

COLLECTION = "register_postings"
BUCKETS = 8  # a state's largest posting (its every register) holds a few dozen a bucket
SCALARS = ("member_state", "coverage", "region_code", "register_type", "online",
           "registration_mandatory", "managing_authority_id", "owner_authority_id",
           "translation_status")  # fmt: skip
LISTS = ("category_codes", "info_type_codes", "name_keys", "name_words", "authority_keys")
POSTED = SCALARS + LISTS


def value_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def key(member_state: str, field: str, value: object) -> str:
    return f"{member_state}|{field}:{value_text(value)}"


def keys_in(states: Iterable[str], field: str, values: Iterable[object]) -> list[str]:
    """The keys of a criterion: any of the values, in any of the states."""
    return [key(s, field, v) for s in states for v in values]


def posting_keys(row: Mapping[str, Any] | None) -> set[str]:
    if not row:
        return set()
    ms = row["member_state"]
    out = {key(ms, f, row[f]) for f in SCALARS if row.get(f) is not None}
    for f in LISTS:
        out.update(key(ms, f, v) for v in row.get(f) or ())
    return out


def entry(row: Mapping[str, Any] | None) -> str | None:
    return None if not row else postings.entry(str(row.get("sort_name") or ""), row["_id"])


def changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None):
    return postings.changes(posting_keys(before), entry(before), posting_keys(after), entry(after))


def build(rows: Iterable[Mapping[str, Any]]) -> list[dict]:
    """Every bucket document of these index rows (bulk loads)."""
    return postings.build(((entry(r) or "", posting_keys(r)) for r in rows), BUCKETS)


def writer(tx) -> postings.PostingsWriter:
    return postings.PostingsWriter(tx.documents(COLLECTION), BUCKETS, "REG-017")
