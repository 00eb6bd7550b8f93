"""Pure rules of the search projection: free-text normalisation (DIR-131), competence
expansion (DIR-025), tagged translations (TRL-010) and the order of the query's clauses."""

from imi_directory.adapters.search_entry import ANY_COMPETENCE, expanded, names_document
from imi_directory.adapters.search_index import SMALL_ID_SET, IndexQuery, build_match
from imi_directory.adapters.search_text import normalise, terms
from imi_directory.reference import default_reference


def test_DIR_131_words_keep_accents_and_special_characters_but_not_case():
    assert terms("Préfecture de Police") == ["préfecture", "de", "police"]
    assert terms("PRÉFECTURE") != terms("prefecture")
    assert terms("Straße") == ["straße"] and terms("STRASSE") == ["strasse"]
    assert terms("Conseil de l’Ordre (Île-de-France)") == [
        "conseil",
        "de",
        "l",
        "ordre",
        "île",
        "france",
    ]


def test_DIR_131_composed_and_decomposed_accents_are_the_same_character():
    assert normalise("Pr\u00e9fecture") == normalise("Pre\u0301fecture")
    assert terms("Pre\u0301fecture") == ["pr\u00e9fecture"]


def test_DIR_131_greek_capital_sigma_at_a_word_end_is_a_final_sigma():
    assert terms("ΠΡΟΣΤΑΣΊΑΣ") == terms("προστασίας")


def test_DIR_025_codes_are_stored_with_ancestors_and_descendants():
    nace = default_reference().nace
    assert expanded(nace, ["10"], horizontal=False) == ["10", "C"]
    section = expanded(nace, ["C"], horizontal=False)
    assert {"C", "10", "33"} <= set(section) and "F" not in section
    assert ANY_COMPETENCE in expanded(nace, [], horizontal=True)
    assert expanded(nace, ["gone"], horizontal=False) == ["gone"]


def test_TRL_010_translations_are_tagged_with_their_language():
    names = names_document("a1", "Préfecture de police", "Préfecture", {"de": "Polizeipräfektur"})
    assert {"préfecture", "police", "de:polizeipräfektur"} <= set(names["terms"])
    assert "polizeipräfektur" not in names["terms"]
    assert names["exact"] == ["de:polizeipräfektur", "préfecture", "préfecture de police"]


def test_the_most_selective_clause_leads_and_status_comes_last():
    query = IndexQuery(
        member_state="FR", la_code="services", keywords=("services.tourism",), nace="C"
    )
    assert list(build_match(query)) == ["keywords", "member_state", "nace", "la_codes", "status"]
    assert build_match(IndexQuery(member_state="FR")) == {"member_state": "FR", "status": "active"}
    few, many = ["a"] * 3, ["a"] * (SMALL_ID_SET + 1)
    assert next(iter(build_match(IndexQuery(member_state="FR"), few))) == "_id"
    assert list(build_match(IndexQuery(member_state="FR"), many)) == [
        "member_state",
        "_id",
        "status",
    ]
