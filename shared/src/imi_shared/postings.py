"""Postings: per criterion value, the ids of the documents that have it, kept as a few bucket
documents of sorted entries. A read model for searches on SecantusDB, which serves a query
from ONE index and then decodes, matches, sorts and counts every candidate in Python: a search
matching hundreds of documents costs milliseconds per hundred candidates, whereas the postings
of its criteria are ONE indexed lookup of a few documents, and the AND / OR, the total and the
order are computed by the client from the entries (no server-side matching).

- `key`: `<criterion>:<value>` (the caller's scheme); indexed (`POSTINGS_INDEX`);
- `entries`: `<sort text>\\x1f<document id>` of every document having that value, so sorting
  entries sorts by (sort text, id);
- `_id`: `<key>#<bucket>`: a posting is split over up to `buckets` documents (a number, or
  one per key: a large posting wants more) by a hash of the document id, so a write rewrites one bucket of a posting, not all of it, and two writers of
  different documents seldom meet; a read gets every bucket of its keys at once.

The postings are a pure function of the searched documents: `changes` turns one document's
keys and entry before/after into pulls and adds, `build` computes them all (bulk loads).
`PostingsWriter` applies changes through the `Documents` port (inside the caller's unit of work,
so the in-memory fakes serve handler tests); `read_postings` is the one lookup.

First written for the directory's authority search (`imi_directory.adapters.search_postings`,
issue 10, which writes its buckets with `$pull` / `$addToSet`); shared here for the registers'
search (issue 13).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from pymongo import ASCENDING, DeleteOne, IndexModel, InsertOne, ReplaceOne

from .documents import Document, Documents, MongoDocuments
from .errors import Conflict

SEP = "\x1f"  # below every printable character: an entry sorts as its (sort text, id)
PULL, ADD = "$pull", "$addToSet"
POSTINGS_INDEX = IndexModel([("key", ASCENDING)], name="key")

Change = tuple[str, str, str]  # (posting key, PULL or ADD, entry)
Buckets = int | Callable[[str], int]  # how many buckets a posting key is split over


def bucket_count(buckets: Buckets, posting_key: str) -> int:
    return buckets if isinstance(buckets, int) else buckets(posting_key)


def entry(sort_text: str, document_id: str) -> str:
    printable = "".join(c for c in sort_text if c >= " ")
    return f"{printable}{SEP}{document_id}"


def entry_id(text: str) -> str:
    return text.rpartition(SEP)[2]


def bucket_id(posting_key: str, entry_text: str, buckets: Buckets) -> str:
    """The bucket document of `posting_key` that holds (or will hold) the entry."""
    bucket = zlib.crc32(entry_id(entry_text).encode()) % bucket_count(buckets, posting_key)
    return f"{posting_key}#{bucket:02d}"


def changes(
    old_keys: Iterable[str], old_entry: str | None, new_keys: Iterable[str], new_entry: str | None
) -> list[Change]:
    """The updates from a document's postings before to after (entry None: absent), pulls
    first. An unchanged entry touches only the keys gained or lost; a changed one (its sort
    text) is pulled from every old key and added to every new one."""
    old = set(old_keys) if old_entry is not None else set()
    new = set(new_keys) if new_entry is not None else set()
    same = old_entry == new_entry
    pulls = old - new if same else old
    adds = new - old if same else new
    return [
        *((k, PULL, old_entry) for k in sorted(pulls) if old_entry is not None),
        *((k, ADD, new_entry) for k in sorted(adds) if new_entry is not None),
    ]


def build(items: Iterable[tuple[str, Iterable[str]]], buckets: Buckets) -> list[Document]:
    """Every bucket document of these (entry, posting keys) pairs, entries sorted."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for text, keys in items:
        for k in keys:
            grouped.setdefault((bucket_id(k, text, buckets), k), []).append(text)
    return [
        {"_id": _id, "key": k, "entries": sorted(v), "version": 1}
        for (_id, k), v in sorted(grouped.items())
    ]


def merged(documents: Iterable[Mapping[str, Any]]) -> dict[str, set[str]]:
    """Posting key -> its entries, from its bucket documents (empty postings left out)."""
    out: dict[str, set[str]] = {}
    for document in documents:
        out.setdefault(document["key"], set()).update(document.get("entries", ()))
    return {k: v for k, v in out.items() if v}


def union(keys: Iterable[str], found: Mapping[str, set[str]]) -> set[str]:
    out: set[str] = set()
    for k in keys:
        out |= found.get(k, set())
    return out


def intersect(clause_keys: Sequence[Sequence[str]], found: Mapping[str, set[str]]) -> set[str]:
    """The entries in every clause; a clause matches in ANY of its keys (`found`: key ->
    entries). No clause: nothing."""
    unions = sorted((union(keys, found) for keys in clause_keys), key=len)
    return unions[0].intersection(*unions[1:]) if unions else set()


async def read_postings(
    collection: Any, keys: Iterable[str], session: Any = None
) -> dict[str, set[str]]:
    """The entries of these posting keys, in one indexed lookup (`collection`: the raw
    asynchronous MongoDB collection of the postings)."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    cursor = collection.find({"key": {"$in": wanted}}, {"key": 1, "entries": 1}, session=session)
    return merged(await cursor.to_list())


class PostingsWriter:
    """Applies `changes` to the bucket documents through the `Documents` port: one find of
    the buckets touched, then an insert, replace or delete of each, versioned (a concurrent
    writer of the same bucket conflicts and the unit of work retries). Over MongoDB the writes
    go in ONE ordered `bulk_write` in the transaction (a register touches about 70 buckets)."""

    def __init__(self, documents: Documents, buckets: Buckets, rule: str) -> None:
        self.documents = documents
        self.buckets = buckets
        self.rule = rule  # the search rule a conflict names

    async def apply(self, updates: Sequence[Change]) -> None:
        if not updates:
            return
        by_bucket: dict[str, tuple[str, list[tuple[str, str]]]] = {}
        for k, op, text in updates:
            by_bucket.setdefault(bucket_id(k, text, self.buckets), (k, []))[1].append((op, text))
        found = await self.documents.find({"_id": {"$in": sorted(by_bucket)}})
        current = {d["_id"]: d for d in found}
        writes: list[tuple[str, Document | None, Document | None]] = []
        for _id, (k, ops) in sorted(by_bucket.items()):
            before = current.get(_id)
            entries = set((before or {}).get("entries", ()))
            for op, text in ops:
                (entries.discard if op == PULL else entries.add)(text)
            version = 0 if before is None else before["version"]
            after: Document = {"_id": _id, "key": k, "entries": sorted(entries),
                                "version": version + 1}  # fmt: skip
            if before is not None or entries:
                writes.append((_id, before, after if entries else None))
        if isinstance(self.documents, MongoDocuments):
            await self._bulk(self.documents, writes)
        else:
            for _id, old, new in writes:
                await self._write(_id, old, new)

    async def _write(self, _id: str, before: Document | None, after: Document | None) -> None:
        if before is None:
            assert after is not None
            await self.documents.insert(after)
            return
        if after is None:
            done = await self.documents.delete(_id, expected_version=before["version"])
        else:
            done = await self.documents.replace(after, expected_version=before["version"])
        if not done:
            raise Conflict(self.rule, f"the posting bucket {_id} changed meanwhile")

    async def _bulk(
        self, target: MongoDocuments, writes: list[tuple[str, Document | None, Document | None]]
    ) -> None:
        requests: list[Any] = []
        for _id, before, after in writes:
            if before is None:
                requests.append(InsertOne(after))
                continue
            where = {"_id": _id, "version": before["version"]}
            requests.append(DeleteOne(where) if after is None else ReplaceOne(where, after))
        result = await target.collection.bulk_write(requests, ordered=True, session=target.session)
        expected = sum(1 for _, before, _ in writes if before is not None)
        if result.matched_count + result.deleted_count != expected:
            raise Conflict(self.rule, "a posting bucket changed meanwhile")
