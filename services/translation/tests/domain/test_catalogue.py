"""Catalogue items as codes with one label per official language (TRL-001, TRL-002, TRL-012)."""

from datetime import UTC, datetime

import pytest

from imi_shared.errors import Conflict, InvalidInput
from imi_translation.adapters.catalogue_seed import shipped_items
from imi_translation.domain import catalogue
from imi_translation.domain.languages import OFFICIAL_LANGUAGES, language_name

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _question():
    item, events = catalogue.define(
        "question",
        "PQ-GENERAL.Q9",
        "Is the diploma authentic?",
        NOW,
        la_code="pq",
        parent_code="PQ-GENERAL",
    )
    return item, events


def test_trl_012_an_item_is_a_code_of_a_kind_with_its_english_label():
    item, (event,) = _question()
    assert (item.item_id, item.kind, item.parent_code) == (
        "question:PQ-GENERAL.Q9",
        "question",
        "PQ-GENERAL",
    )
    assert (event.item_id, event.languages, event.revision, event.member_state) == (
        "question:PQ-GENERAL.Q9",
        ("en",),
        1,
        "EU",
    )
    with pytest.raises(InvalidInput) as refused:
        catalogue.define("recipe", "X", "x", NOW)
    assert (refused.value.rule_id, refused.value.field) == ("TRL-012", "kind")
    with pytest.raises(InvalidInput):
        catalogue.define("question", "has space", "x", NOW)


def test_trl_001_the_reader_gets_their_language_else_english_marked_as_fallback():
    item, _ = _question()
    catalogue.set_label(item, "hu", "Hiteles-e az oklevél?", NOW)
    hungarian = catalogue.render(item, "hu")
    assert (hungarian.text, hungarian.lang, hungarian.fallback) == (
        "Hiteles-e az oklevél?",
        "hu",
        False,
    )
    italian = catalogue.render(item, "it")
    assert (italian.text, italian.lang, italian.fallback) == (
        "Is the diploma authentic?",
        "en",
        True,
    )


def test_trl_001_machine_made_labels_are_marked_and_english_is_written_by_a_person():
    item, _ = _question()
    (event,) = catalogue.set_label(item, "de", "Ist das Diplom echt?", NOW, machine=True)
    assert catalogue.render(item, "de").machine is True
    assert event.languages == ("de", "en") and event.revision == 2
    with pytest.raises(InvalidInput):
        catalogue.set_label(item, "en", "x", NOW, machine=True)
    # a person's label replaces the machine's
    catalogue.set_label(item, "de", "Ist das Diplom echt?", NOW)
    assert catalogue.render(item, "de").machine is False


def test_trl_001_only_official_languages_and_the_same_label_again_changes_nothing():
    item, _ = _question()
    with pytest.raises(InvalidInput) as refused:
        catalogue.set_label(item, "tr", "x", NOW)
    assert refused.value.rule_id == "TRL-001"
    assert catalogue.set_label(item, "fr", "Le diplôme est-il authentique?", NOW)
    assert catalogue.set_label(item, "fr", "Le diplôme est-il authentique?", NOW) == []
    assert item.revision == 2


def test_trl_012_a_retired_item_keeps_its_code_and_retiring_twice_conflicts():
    item, _ = _question()
    (event,) = catalogue.set_active(item, False, NOW)
    assert event.active is False and item.code == "PQ-GENERAL.Q9"
    with pytest.raises(Conflict):
        catalogue.set_active(item, False, NOW)


def test_completeness_lists_the_official_languages_an_item_lacks():
    item, _ = _question()
    catalogue.set_label(item, "fr", "Le diplôme est-il authentique?", NOW)
    assert set(item.missing()) == set(OFFICIAL_LANGUAGES) - {"en", "fr"}
    assert len(item.missing()) == 22


def test_search_matches_the_label_in_the_readers_language_or_the_code():
    item, _ = _question()
    catalogue.set_label(item, "fr", "Le diplôme est-il authentique?", NOW)
    assert catalogue.matches(item, "DIPLÔME", "fr")
    assert not catalogue.matches(item, "diplôme", "en")
    assert catalogue.matches(item, "q9", "en")


def test_language_names_come_from_cldr_in_the_readers_language():
    assert language_name("fr", "de") == "Französisch"
    assert language_name("hu", "fr") == "hongrois"
    assert len(OFFICIAL_LANGUAGES) == 24 and all(language_name(c, "en") for c in OFFICIAL_LANGUAGES)


def test_trl_002_trl_014_the_shipped_question_sets_exist_in_english_and_french():
    items = {item.item_id: item for item, _ in shipped_items(NOW)}
    pq = items["question_set:PQ-GENERAL"]
    assert catalogue.render(pq, "en").text == "Professional qualifications – general"
    questions = [i for i in items.values() if i.parent_code == "PQ-GENERAL"]
    assert len(questions) >= 3 and all({"en", "fr"} <= set(q.labels) for q in questions)
    # the two Services Directive derogation sets the manual names
    assert catalogue.render(items["question_set:SD-INDIVIDUAL-MEASURES"], "fr").text == (
        "Notification de mesures individuelles"
    )
    assert "question_set:SD-DEROGATION-REQUEST" in items
    assert (
        catalogue.render(items["la_keyword:services.crafts"], "fr").text == "Artisanat et métiers"
    )
    # every parent a shipped item names is shipped
    codes = {i.code for i in items.values()}
    assert all(i.parent_code in codes for i in items.values() if i.parent_code)
