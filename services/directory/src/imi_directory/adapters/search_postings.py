"""Postings of the authority-search projection: per criterion value, the active authorities
that have it, as a few documents holding their entries (DIR-130, DIR-133; issue 10).

Why: SecantusDB serves a query from ONE index, then decodes and matches every candidate in
Python, sorts in Python and counts by scanning. A country, keyword or NACE search matches
hundreds to thousands of authorities, so answering it from the search documents costs
milliseconds per hundred candidates (bench/directory_search.py measured 59-265 ms at p95).
A posting document per value (`member_state:FR`, `keywords:services.tourism`, `nace:C`...)
turns such a search into ONE point lookup of a few documents; the client unions the values of
a criterion (several keywords; a competence code or `*`), intersects the criteria, and gets
the total and the page from the sorted result without the server matching anything.

- `key`: `<field>:<value>` over the search document's criteria fields (`POSTED_FIELDS`),
  values as stored there (competences already expanded, DIR-025); indexed;
- `entries`: `<sort_name>\\x1f<authority id>` of every ACTIVE authority having that value, so
  sorting entries sorts by (sort_name, id) like the search documents' `$sort`;
- `_id`: `<key>#<bucket>`: a posting is split over up to `BUCKETS` documents by a hash of the
  authority id. The server rewrites a whole document to `$pull` or `$addToSet` one entry (about
  10 µs per entry held, measured: 40 ms for a pull and an add on 3,500 entries), so a write
  touches a bucket of a posting, not all of it; a read gets every bucket of its keys at once.

Only active authorities are posted: only they are searched by every user (DIR-130). The other
statuses (coordinator data administrators, DIR-134, DIR-077) keep the search-document query.
The postings are a pure function of the search documents: `changes` turns one document's
before/after into `$pull` / `$addToSet` updates written in the projection's transaction, and
`build` recomputes them all (bulk loads, `rebuild_search_projection`). The entries, buckets and
changes are the kernel's (`imi_shared.postings`, shared with the registers' search).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from imi_shared import postings as kernel

from .search_entry import ANY_COMPETENCE

POSTINGS = "authority_search_postings"
BUCKETS = 32  # the largest posting (an LA, ~3,500 authorities) holds ~110 entries a bucket
SEP = kernel.SEP  # below every printable character: an entry sorts as its (sort_name, id)
POSTED_FIELDS = (
    "member_state",
    "region_key",
    "la_codes",
    "keywords",
    "nace",
    "policy",
    "responder_las",
)


def posting_keys(document: Mapping | None) -> set[str]:
    """The postings a search document belongs to (none unless active)."""
    if not document or document.get("status") != "active":
        return set()
    keys: set[str] = set()
    for name in POSTED_FIELDS:
        value = document.get(name)
        for item in value if isinstance(value, list) else ([] if value is None else [value]):
            keys.add(key(name, item))
    return keys


def key(name: str, value: object) -> str:
    return f"{name}:{value}"


def entry(document: Mapping) -> str:
    return kernel.entry(str(document.get("sort_name") or ""), document["_id"])


entry_id = kernel.entry_id


def document_id(posting_key: str, entry_text: str) -> str:
    """The bucket document of `posting_key` that holds (or will hold) the entry."""
    return kernel.bucket_id(posting_key, entry_text, BUCKETS)


def changes(before: Mapping | None, after: Mapping | None) -> list[tuple[str, str, str]]:
    """The updates that take the postings from `before` to `after` (None: absent), as
    (posting key, `$pull` or `$addToSet`, entry), pulls first (`imi_shared.postings`)."""
    old_keys, new_keys = posting_keys(before), posting_keys(after)
    old = entry(before) if old_keys and before else None
    new = entry(after) if new_keys and after else None
    return kernel.changes(old_keys, old, new_keys, new)


def build(documents: Iterable[Mapping]) -> list[dict]:
    """Every posting (bucket) document of these search documents, entries sorted."""
    buckets: dict[tuple[str, str], list[str]] = {}
    for document in documents:
        text = entry(document)
        for k in posting_keys(document):
            buckets.setdefault((document_id(k, text), k), []).append(text)
    return [{"_id": _id, "key": k, "entries": sorted(v)} for (_id, k), v in sorted(buckets.items())]


def merged(documents: Iterable[Mapping]) -> dict[str, list[str]]:
    """Posting key → its sorted entries, from its bucket documents (empty postings left out)."""
    out: dict[str, list[str]] = {}
    for document in documents:
        out.setdefault(document["key"], []).extend(document.get("entries", ()))
    return {k: sorted(v) for k, v in sorted(out.items()) if v}


def clauses(
    *,
    member_state: str | None,
    region_key: str | None,
    la_code: str | None,
    keywords: Sequence[str],
    nace: str | None,
    policy: str | None,
    responders_for: str | None,
) -> list[list[str]]:
    """One list of posting keys per criterion: a criterion matches an authority in ANY of its
    postings (several keywords; a competence code or horizontal competence, DIR-025), and
    every criterion must match (AND). Empty: no criterion a posting serves."""
    out: list[list[str]] = []
    for name, value in (
        ("member_state", member_state),
        ("region_key", region_key),
        ("la_codes", la_code),
        ("responder_las", responders_for),
    ):
        if value is not None:
            out.append([key(name, value)])
    if keywords:
        out.append([key("keywords", k) for k in keywords])
    for name, value in (("nace", nace), ("policy", policy)):
        if value is not None:
            out.append([key(name, value), key(name, ANY_COMPETENCE)])
    return out


def intersect(clause_keys: list[list[str]], found: Mapping[str, Sequence[str]]) -> list[str]:
    """The sorted entries in every clause (`found`: posting key → its entries)."""
    unions = sorted(({e for k in keys for e in found.get(k, ())} for keys in clause_keys), key=len)
    result = unions[0].intersection(*unions[1:]) if unions else set()
    return sorted(result)
