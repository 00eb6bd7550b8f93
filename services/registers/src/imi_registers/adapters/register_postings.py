"""The postings of the search read model (REG-017, REG-018, REG-023, TRL-011): per state and
criterion value, the registers having it (`imi_shared.postings`), written with the
`register_index` row in the same transaction, read by `register_search.py` in one lookup.

Why: SecantusDB serves a query from one index and decodes and matches every candidate in
Python, so combining id sets of several indexed lookups and fetching up to 2,000 candidates
cost 137-664 ms at p95 on 5,000 registers (issue 13). A posting key is
`<scope>|<field>:<value>` over the index row's fields (`POSTED`). The scope is the register's
state (a quick search is always in one country, an advanced one often); every field but the
ranking words and the state is also posted in the scope `*` (`ALL`: an advanced search
without a country reads one key per criterion, not one per participant). Entries sort by the
folded informal name (`sort_name`) and id, the order of the results.

- names: `name_keys` (`*:<soundex>` originals, `<lang>:<soundex>` translations), and
  `name_words` (`*=<word>`, `<lang>=<word>`: words as written, ranking the quick search);
- authorities: `authority_keys` (owner's and managing authority's names);
- catalogue codes and the drop-down criteria, booleans as `true` / `false`; every register
  is in `<ms>|member_state:<ms>`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from imi_shared import postings

COLLECTION = "register_postings"
ALL = "*"  # the scope of every state
STATE_BUCKETS = 8  # a state's largest posting (its every register) holds a few dozen a bucket
ALL_BUCKETS = 32  # the largest of all states' (e.g. pending translations) a few hundred
SCALARS = ("member_state", "coverage", "region_code", "register_type", "online",
           "registration_mandatory", "managing_authority_id", "owner_authority_id",
           "translation_status")  # fmt: skip
LISTS = ("category_codes", "info_type_codes", "name_keys", "name_words", "authority_keys")
POSTED = SCALARS + LISTS
STATE_ONLY = ("member_state", "name_words")


def buckets(posting_key: str) -> int:
    return ALL_BUCKETS if posting_key.startswith(f"{ALL}|") else STATE_BUCKETS


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
    out: set[str] = set()
    for f in POSTED:
        value = row.get(f)
        values = value if isinstance(value, list) else ([] if value is None else [value])
        scopes = (ms,) if f in STATE_ONLY else (ms, ALL)
        out.update(key(s, f, v) for s in scopes for v in values)
    return out


def entry(row: Mapping[str, Any] | None) -> str | None:
    return None if not row else postings.entry(str(row.get("sort_name") or ""), row["_id"])


def changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None):
    return postings.changes(posting_keys(before), entry(before), posting_keys(after), entry(after))


def build(rows: Iterable[Mapping[str, Any]]) -> list[dict]:
    """Every bucket document of these index rows (bulk loads)."""
    return postings.build(((entry(r) or "", posting_keys(r)) for r in rows), buckets)


def writer(tx) -> postings.PostingsWriter:
    return postings.PostingsWriter(tx.documents(COLLECTION), buckets, "REG-017")
