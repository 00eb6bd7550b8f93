"""Free text and machine translation rules, pure (TRL-004, TRL-005, TRL-006, TRL-013, TRL-015)."""

import pytest

from imi_shared.errors import InvalidInput
from imi_translation.domain.free_text import (
    NOTICE,
    FreeText,
    MachineTranslation,
    MtPair,
    MtPairs,
    may_send,
    writing_advice,
)
from imi_translation.domain.personal_data import found_personal_data, holds_personal_data


def test_trl_004_a_free_text_keeps_its_declared_official_language():
    assert FreeText.of("DE", "Guten Tag") == FreeText("de", "Guten Tag")
    with pytest.raises(InvalidInput) as refused:
        FreeText.of("xx", "Hello")
    assert (refused.value.rule_id, refused.value.field) == ("TRL-004", "lang")
    with pytest.raises(InvalidInput):
        FreeText.of("en", "   ")


def test_trl_005_trl_013_trl_015_only_enabled_pairs_are_offered():
    pairs = MtPairs([MtPair("de", "pt"), MtPair("fr", "en", enabled=False)])
    assert pairs.offered("de", "pt")
    assert not pairs.offered("pt", "de")  # a pair has a direction
    assert not pairs.offered("fr", "en")  # listed, disabled
    assert not pairs.offered("de", "de")
    parsed = MtPairs.parse("de-pt, fr-en")
    assert parsed.offered("fr", "en") and not parsed.offered("en", "fr")
    assert MtPairs.parse("*").offered("hu", "it") and not MtPairs.parse("").offered("hu", "it")
    with pytest.raises(InvalidInput):
        MtPairs.parse("de-xx")


def test_trl_006_a_translation_is_approximate_and_keeps_its_original():
    original = FreeText("de", "Guten Tag")
    result = MachineTranslation(original, "pt", "Bom dia", "engine")
    assert result.original == original and result.translated == "Bom dia"
    assert result.approximate is True and result.notice == NOTICE
    assert "official translation" in NOTICE


def test_personal_data_goes_only_to_a_trusted_engine():
    assert may_send(personal_data=True, engine_trusted=True)
    assert not may_send(personal_data=True, engine_trusted=False)
    assert may_send(personal_data=False, engine_trusted=False)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Contact: jean.dupont@example.fr", "email"),
        ("Tél. +33 1 23 45 67 89", "phone"),
        ("IBAN FR76 3000 6000 0112 3456 7890 189", "iban"),
        ("né le 12/03/1980 à Lyon", "date"),
        ("Passport AB1234567", "identifier"),
    ],
)
def test_the_scan_sees_what_plainly_identifies_a_person(text, kind):
    assert kind in found_personal_data(text)
    assert holds_personal_data(text, marked=False)


def test_the_scan_only_adds_caution():
    plain = "The authority registers architects practising in the region."
    assert found_personal_data(plain) == []
    assert not holds_personal_data(plain, marked=False)
    assert holds_personal_data(plain, marked=True)  # the owner's mark is never overridden


def test_trl_007_composing_recommends_the_partners_languages():
    advice = writing_advice("fr", ["DE", "en", "de"])
    assert (advice.partner_languages, advice.in_partner_language) == (("de", "en"), False)
    assert "short and clear sentences" in advice.advice
    assert writing_advice("en", ["de", "en"]).in_partner_language is True
    assert writing_advice("en", []).in_partner_language is None
