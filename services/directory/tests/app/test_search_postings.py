"""Pure rules of the search postings (adapters/search_postings.py, issue 10): which active
authorities a posting holds, how one projection write changes them, and how criteria combine
(DIR-130: several keywords match any, criteria AND; DIR-025: a code or horizontal competence).
"""

from imi_directory.adapters import search_postings as postings
from imi_directory.adapters.search_plan import IndexQuery, posting_clauses


def doc(_id="a1", status="active", sort_name="mairie de lyon", **criteria) -> dict:
    base = {"member_state": "FR", "la_codes": ["services"], "keywords": ["services.tourism"]}
    return {"_id": _id, "status": status, "sort_name": sort_name, **base, **criteria}


def test_DIR_130_only_active_authorities_are_posted_under_each_criterion_value():
    assert postings.posting_keys(doc(region_key=None, nace=["10", "C"])) == {
        "member_state:FR",
        "la_codes:services",
        "keywords:services.tourism",
        "nace:10",
        "nace:C",
    }
    assert postings.posting_keys(doc(status="suspended")) == set()
    assert postings.posting_keys(None) == set()


def test_an_entry_sorts_by_sort_name_then_id():
    entries = [
        postings.entry(doc("b", sort_name="mairie")),
        postings.entry(doc("a", sort_name="mairie de lyon")),
    ]
    entries.append(postings.entry(doc("a", sort_name="mairie")))
    assert [postings.entry_id(e) for e in sorted(entries)] == ["a", "b", "a"]
    assert sorted(entries)[-1].startswith("mairie de lyon")


def test_an_unchanged_document_writes_no_posting():
    assert postings.changes(doc(), doc(source_version=2)) == []


def test_a_new_criterion_value_adds_and_a_dropped_one_pulls_only_that_posting():
    entry = postings.entry(doc())
    assert postings.changes(doc(), doc(keywords=["services.crafts"])) == [
        ("keywords:services.tourism", "$pull", entry),
        ("keywords:services.crafts", "$addToSet", entry),
    ]


def test_a_renamed_authority_moves_its_entry_in_every_posting():
    changed = postings.changes(doc(), doc(sort_name="hôtel de ville"))
    assert {k for k, op, _ in changed if op == "$pull"} == postings.posting_keys(doc())
    assert {k for k, op, _ in changed if op == "$addToSet"} == postings.posting_keys(doc())


def test_DIR_130_an_authority_leaving_the_active_status_leaves_every_posting():
    changed = postings.changes(doc(), doc(status="suspended"))
    assert {op for _, op, _ in changed} == {"$pull"}
    assert {k for k, _, _ in changed} == postings.posting_keys(doc())
    assert postings.changes(doc(), None) == postings.changes(doc(), doc(status="inactive"))


def test_build_equals_the_incremental_writes_from_nothing():
    documents = [doc("a2", sort_name="b"), doc("a1", sort_name="a"), doc("a3", status="inactive")]
    built = postings.merged(postings.build(documents))
    assert built["member_state:FR"] == ["a\x1fa1", "b\x1fa2"]
    added = {k for d in documents for k, op, _ in postings.changes(None, d) if op == "$addToSet"}
    assert added == set(built)


def test_DIR_130_DIR_025_keywords_match_any_criteria_all_and_a_code_or_horizontal():
    keys = posting_clauses(IndexQuery(member_state="FR", keywords=("k1", "k2"), nace="C"))
    assert keys == [["member_state:FR"], ["keywords:k1", "keywords:k2"], ["nace:C", "nace:*"]]
    found = {
        "member_state:FR": ["a\x1f1", "b\x1f2", "c\x1f3", "d\x1f4"],
        "keywords:k1": ["a\x1f1"],
        "keywords:k2": ["b\x1f2", "c\x1f3"],
        "nace:C": ["b\x1f2"],
        "nace:*": ["a\x1f1"],
    }
    assert postings.intersect(keys, found) == ["a\x1f1", "b\x1f2"]
    assert postings.intersect([["nace:Z"], ["member_state:FR"]], found) == []


def test_DIR_134_DIR_077_other_statuses_and_name_only_queries_keep_the_document_match():
    assert posting_clauses(IndexQuery(statuses=("active", "suspended"), member_state="FR")) == []
    assert posting_clauses(IndexQuery(member_state="FR", viewer_ids=("nimic-fr",))) == []
    assert posting_clauses(IndexQuery(terms=("mairie",))) == []
    assert posting_clauses(IndexQuery(email="x@y.test")) == []
