"""Lingua (offline model, restricted set, low-accuracy mode) warns when a free text looks
written in another language than the declared one (TRL-004, issue 11)."""

from imi_translation.adapters.language_detection import DETECTABLE, check_language

FRENCH = "Le prestataire de services est-il légalement établi dans votre État membre ?"


def test_trl_004_a_text_in_another_language_than_declared_is_flagged():
    check = check_language(FRENCH, "de")
    assert (check.detected, check.looks_wrong) == ("fr", True)


def test_trl_004_a_text_in_its_declared_language_is_not_flagged():
    assert check_language(FRENCH, "fr").looks_wrong is False


def test_trl_004_short_texts_and_maltese_are_not_judged():
    assert check_language("Merci", "de").detected is None
    assert "mt" not in DETECTABLE and len(DETECTABLE) == 23
    assert check_language(FRENCH, "mt").looks_wrong is False
