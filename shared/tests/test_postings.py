"""The postings kernel (imi_shared.postings): entries, incremental changes equal to a bulk build,
the AND / OR of clauses, and the writer over the Documents port (the in-memory fake; the
registers' search tests use it on the real server)."""

import pytest

from imi_shared import postings
from imi_shared.documents import MongoDocuments
from imi_shared.errors import Conflict
from imi_testkit import InMemoryDocuments


def test_an_entry_sorts_as_its_sort_text_then_id_and_gives_the_id_back():
    a, b, c = postings.entry("alpha", "z"), postings.entry("alpha", "a"), postings.entry("al", "q")
    assert sorted([a, b, c]) == [c, b, a]
    assert postings.entry_id(a) == "z" and postings.entry("x\x00y", "i") == "xy\x1fi"


def test_changes_touch_only_what_changed_unless_the_entry_moved():
    e = postings.entry("n", "1")
    assert postings.changes(["k1", "k2"], e, ["k2", "k3"], e) == [
        ("k1", postings.PULL, e),
        ("k3", postings.ADD, e),
    ]
    renamed = postings.entry("m", "1")
    assert postings.changes(["k1"], e, ["k1"], renamed) == [
        ("k1", postings.PULL, e),
        ("k1", postings.ADD, renamed),
    ]
    assert postings.changes([], None, ["k"], e) == [("k", postings.ADD, e)]
    assert postings.changes(["k"], e, [], None) == [("k", postings.PULL, e)]


def test_intersect_is_and_of_clauses_each_an_or_of_keys():
    found = {"a": {"1", "2"}, "b": {"3"}, "c": {"2", "3"}}
    assert postings.intersect([["a", "b"], ["c"]], found) == {"2", "3"}
    assert postings.intersect([["a"], ["b"]], found) == set()
    assert postings.intersect([["missing"]], found) == set()
    assert postings.intersect([], found) == set()


async def test_the_writer_keeps_the_buckets_equal_to_a_bulk_build():
    rows: dict = {}

    def buckets(key):  # one bucket for the large posting "all", four for the others
        return 1 if key == "all" else 4

    writer = postings.PostingsWriter(InMemoryDocuments(rows), buckets, rule="REG-017")
    docs = {str(i): (postings.entry(f"n{i % 3}", str(i)), {f"k{i % 2}", "all"}) for i in range(9)}
    for text, keys in docs.values():
        await writer.apply(postings.changes([], None, keys, text))
    gone_text, gone_keys = docs.pop("4")
    await writer.apply(postings.changes(gone_keys, gone_text, [], None))
    old_text, old_keys = docs["5"]
    new_text, new_keys = docs["5"] = (postings.entry("zz", "5"), {"k0"})
    await writer.apply(postings.changes(old_keys, old_text, new_keys, new_text))
    assert sorted(rows.values(), key=lambda d: d["_id"]) == [
        {**d, "version": rows[d["_id"]]["version"]} for d in postings.build(docs.values(), buckets)
    ]
    assert [d["_id"] for d in rows.values() if d["key"] == "all"] == ["all#00"]
    assert postings.merged(rows.values())["k0"] == {docs[i][0] for i in ("0", "2", "5", "6", "8")}


async def test_the_writer_names_the_rule_when_a_bucket_changed_meanwhile():
    class Stale(InMemoryDocuments):
        async def replace(self, document, *, expected_version):
            return False

    rows: dict = {}
    writer = postings.PostingsWriter(Stale(rows), buckets=1, rule="REG-017")
    await writer.apply([("k", postings.ADD, postings.entry("a", "1"))])
    with pytest.raises(Conflict) as refused:
        await writer.apply([("k", postings.ADD, postings.entry("b", "2"))])
    assert refused.value.rule_id == "REG-017"


async def test_over_mongodb_one_bulk_write_keeps_the_buckets_equal_to_a_build(uow):
    """The real server: the writer's bulk path in a transaction, and a stale bucket refused."""
    docs = {str(i): (postings.entry(f"n{i}", str(i)), {f"k{i % 3}", "all"}) for i in range(12)}

    def writer(tx):
        return postings.PostingsWriter(tx.documents("postings"), 4, rule="REG-017")

    for text, keys in docs.values():
        await uow.run(lambda tx, t=text, k=keys: writer(tx).apply(postings.changes([], None, k, t)))
    old_text, old_keys = docs.pop("3")
    await uow.run(lambda tx: writer(tx).apply(postings.changes(old_keys, old_text, [], None)))
    stored = await uow.db["postings"].find({}).sort("_id", 1).to_list()
    assert [{k: v for k, v in d.items() if k != "version"} for d in stored] == [
        {k: v for k, v in d.items() if k != "version"} for d in postings.build(docs.values(), 4)
    ]

    class StaleRead(MongoDocuments):  # reads the buckets as they were one write ago
        async def find(self, where, *, sort=(), limit=0):
            return [{**d, "version": d["version"] - 1} for d in await super().find(where)]

    def stale(tx):
        documents = StaleRead(tx.db["postings"], tx.session)
        change = postings.changes([], None, ["k0"], postings.entry("new", "99"))
        return postings.PostingsWriter(documents, 4, rule="REG-017").apply(change)

    with pytest.raises(Conflict) as refused:
        await uow.run(stale)
    assert refused.value.rule_id == "REG-017"
    assert await uow.db["postings"].find({}).sort("_id", 1).to_list() == stored  # unchanged
