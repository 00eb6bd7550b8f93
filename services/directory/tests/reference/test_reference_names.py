"""Participants (X-001) and official EU languages (X-021): counts and library-sourced names."""

from __future__ import annotations

import pycountry
import pytest
from babel import Locale

from imi_directory.reference import (
    EU_LANGUAGES,
    ReferenceData,
    UnknownLanguage,
    UnknownParticipant,
    default_reference,
)
from imi_shared.participants import COMMISSION, EEA_MEMBER_STATES, PARTICIPANTS


@pytest.fixture(scope="module")
def ref() -> ReferenceData:
    return ReferenceData()


def test_31_participants_in_partition_order(ref):
    codes = [p.code for p in ref.participants()]
    assert len(codes) == 31
    assert tuple(codes) == PARTICIPANTS
    assert [p.code for p in ref.participants() if p.is_commission] == [COMMISSION]
    assert {p.code for p in ref.participants() if p.eea_only} == {"IS", "LI", "NO"}


def test_24_official_languages(ref):
    assert len(EU_LANGUAGES) == 24 == len(ref.languages())
    assert {lang.code for lang in ref.languages()} == {
        "bg",
        "cs",
        "da",
        "de",
        "el",
        "en",
        "es",
        "et",
        "fi",
        "fr",
        "ga",
        "hr",
        "hu",
        "it",
        "lt",
        "lv",
        "mt",
        "nl",
        "pl",
        "pt",
        "ro",
        "sk",
        "sl",
        "sv",
    }


def test_participant_names_in_two_languages(ref):
    assert ref.participant_name("DE", "fr") == "Allemagne"
    assert ref.participant_name("DE") == "Germany"
    assert ref.participant_name("GR", "de") == "Griechenland"
    assert ref.participant_name("gr", "EL") == "Ελλάδα"  # codes are normalised


def test_english_names_come_from_pycountry(ref):
    for code in EEA_MEMBER_STATES:
        country = pycountry.countries.get(alpha_2=code)
        name = getattr(country, "common_name", None) or country.name
        assert ref.participant_name(code, "en") == name
        assert ref.participant(code).official_name == getattr(country, "official_name", name)
    assert ref.participant("FR").official_name == "French Republic"


@pytest.mark.parametrize("lang", [lang for lang in EU_LANGUAGES if lang != "en"])
def test_names_in_every_other_language_come_from_babel(ref, lang):
    territories = Locale.parse(lang).territories
    for code in EEA_MEMBER_STATES:
        assert ref.participant_name(code, lang) == territories[code]


def test_commission_name_in_every_official_language(ref):
    names = {lang: ref.participant_name("EU", lang) for lang in EU_LANGUAGES}
    assert names["en"] == "European Commission"
    assert names["fr"] == "Commission européenne"
    assert names["de"] == "Europäische Kommission"
    assert len(set(names.values())) == 24  # one distinct, non-empty name per language
    assert all(names.values())
    assert ref.participant("EU").is_commission


def test_language_names(ref):
    assert ref.language_name("de") == "German"
    assert ref.language_name("de", "fr") == "allemand"
    assert ref.language_name("fr", "de") == "Französisch"
    assert ref.language_endonym("de") == "Deutsch"
    assert ref.language_endonym("ga") == "Gaeilge"
    greek = next(lang for lang in ref.languages() if lang.code == "el")
    assert (greek.english_name, greek.endonym, greek.alpha_3) == ("Greek", "Ελληνικά", "ell")


def test_language_names_come_from_babel(ref):
    for lang in EU_LANGUAGES:
        assert ref.language_name(lang) == Locale("en").languages[lang]
        assert ref.language_endonym(lang) == Locale.parse(lang).display_name
        assert ref.language_name(lang, "pl") == Locale("pl").languages[lang]


@pytest.mark.parametrize("code", ["XX", "CH", "UK", "GB", "EL", ""])
def test_unknown_participant_refused_with_rule(ref, code):
    with pytest.raises(UnknownParticipant, match="X-001"):
        ref.participant_name(code)


@pytest.mark.parametrize("lang", ["no", "is", "ru", "xx", "", "english"])
def test_non_eu_language_refused_with_rule(ref, lang):
    with pytest.raises(UnknownLanguage, match="X-021") as info:
        ref.language_name("de", lang)
    assert isinstance(info.value, ValueError)
    with pytest.raises(UnknownLanguage, match="X-021"):
        ref.participant_name("FR", lang)
    with pytest.raises(UnknownLanguage, match="X-021"):
        ref.language_name(lang)


def test_default_reference_is_cached():
    assert default_reference() is default_reference()
    assert isinstance(default_reference(), ReferenceData)
