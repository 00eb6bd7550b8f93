"""Competence catalogues (DIR-025): NACE Rev. 2 and EU policy areas, as hierarchies."""

from __future__ import annotations

import string

import pytest

from imi_directory.reference import (
    CatalogueNode,
    Hierarchy,
    ReferenceData,
    UnknownNaceCode,
    UnknownPolicyArea,
)


@pytest.fixture(scope="module")
def ref() -> ReferenceData:
    return ReferenceData()


def test_nace_has_21_sections_and_88_divisions(ref):
    sections = ref.nace.at_level(0)
    divisions = ref.nace.at_level(1)
    assert [s.code for s in sections] == list(string.ascii_uppercase[:21])  # A..U
    assert len(divisions) == 88
    assert len(ref.nace) == 109
    assert all(len(d.code) == 2 and d.code.isdigit() for d in divisions)
    assert {d.code for d in divisions}.isdisjoint(
        {"04", "34", "40", "44", "48", "54", "57", "67", "76", "83", "89"}
    )


def test_nace_titles(ref):
    assert ref.nace_title("A") == "Agriculture, forestry and fishing"
    assert ref.nace_title("62") == "Computer programming, consultancy and related activities"
    assert ref.nace_title("71") == (
        "Architectural and engineering activities; technical testing and analysis"
    )
    assert ref.nace_title("99") == "Activities of extraterritorial organisations and bodies"


@pytest.mark.parametrize(
    "division, section",
    [
        ("01", "A"),
        ("05", "B"),
        ("10", "C"),
        ("33", "C"),
        ("35", "D"),
        ("39", "E"),
        ("43", "F"),
        ("47", "G"),
        ("53", "H"),
        ("56", "I"),
        ("63", "J"),
        ("66", "K"),
        ("68", "L"),
        ("71", "M"),
        ("82", "N"),
        ("84", "O"),
        ("85", "P"),
        ("88", "Q"),
        ("93", "R"),
        ("96", "S"),
        ("98", "T"),
        ("99", "U"),
    ],
)
def test_nace_section_of(ref, division, section):
    assert ref.nace_section_of(division) == section
    assert division in ref.nace_descendants(section)


def test_nace_descendants_and_navigation(ref):
    assert ref.nace_descendants("B") == ("05", "06", "07", "08", "09")
    assert len(ref.nace_descendants("C")) == 24
    assert ref.nace_descendants("62") == ()
    assert ref.nace_section_of("M") == "M"
    assert ref.nace_section_of(" m ") == "M"  # normalised
    assert ref.nace.parent("75") == "M"
    assert ref.nace.ancestors("75") == ("M",)
    assert sum(len(ref.nace_descendants(s.code)) for s in ref.nace.roots()) == 88


def test_nace_expand_covers_the_divisions_of_a_section(ref):
    assert ref.nace.expand(["I", "62"]) == {"I", "55", "56", "62"}
    assert ref.nace.check(["c", "10", "C"]) == ("C", "10")


@pytest.mark.parametrize("code", ["V", "00", "04", "1", "A01", "", "services"])
def test_unknown_nace_code_refused_with_rule(ref, code):
    with pytest.raises(UnknownNaceCode, match="DIR-025") as info:
        ref.nace_section_of(code)
    assert isinstance(info.value, ValueError)
    with pytest.raises(UnknownNaceCode, match="DIR-025"):
        ref.nace_descendants(code)


def test_policy_areas_hierarchy(ref):
    roots = ref.policy_areas.roots()
    assert len(roots) >= 30
    assert {"single_market", "employment_social", "public_health", "transport"} <= {
        r.code for r in roots
    }
    for root in roots:
        kids = ref.policy_descendants(root.code)
        assert kids, root.code
        assert all(
            k.startswith(root.code + ".") and ref.policy_parent(k) == root.code for k in kids
        )
    assert "single_market.services" in ref.policy_descendants("single_market")
    assert ref.policy_parent("single_market") is None
    assert ref.policy_title("employment_social.posting_of_workers") == "Posting of workers"
    assert ref.policy_descendants("single_market.services") == ()


@pytest.mark.parametrize("code", ["nope", "single_market.nope", "A", ""])
def test_unknown_policy_area_refused_with_rule(ref, code):
    with pytest.raises(UnknownPolicyArea, match="DIR-025"):
        ref.policy_descendants(code)


def test_catalogue_entries_are_trl012_shaped(ref):
    entries = ref.catalogue_entries()
    kinds = {e.kind for e in entries}
    assert kinds == {"la_keyword", "nace", "policy_area"}
    assert len([e for e in entries if e.kind == "nace"]) == 109
    codes = [e.code for e in entries]
    assert len(codes) == len(set(codes))  # codes are unique across catalogues
    keyword = next(e for e in entries if e.code == "services.tourism")
    assert keyword.la_code == "services" and keyword.label_en == "Tourism"
    division = next(e for e in entries if e.code == "47")
    assert division.parent_code == "G" and division.la_code is None


def test_hierarchy_refuses_bad_trees():
    def node(code, parent=None):
        return CatalogueNode(
            code=code, kind="nace", title=code, parent_code=parent, level=0 if parent is None else 1
        )

    with pytest.raises(ValueError, match="duplicate"):
        Hierarchy([node("A"), node("A")], UnknownNaceCode)
    with pytest.raises(ValueError, match="unknown parent"):
        Hierarchy([node("01", "A")], UnknownNaceCode)
    deep = Hierarchy(
        [
            node("A"),
            node("01", "A"),
            CatalogueNode(code="01.1", kind="nace", title="x", parent_code="01", level=2),
        ],
        UnknownNaceCode,
    )
    assert deep.descendants("A") == ("01", "01.1")
    assert deep.ancestors("01.1") == ("01", "A") and deep.root_of("01.1") == "A"
