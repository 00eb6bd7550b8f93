"""Names of participants and languages, taken from pycountry and Babel (CLDR), never typed here.

Only the Commission's name is not in those libraries; `ReferenceData` reads it from
`data/commission_names.json` and passes it in.
"""

from __future__ import annotations

from collections.abc import Mapping

import pycountry
from babel import Locale

from imi_directory.reference.errors import UnknownLanguage
from imi_directory.reference.models import Language, Participant
from imi_shared.participants import COMMISSION, EEA_ONLY_STATES, check_participant

EU_LANGUAGES: tuple[str, ...] = (  # the 24 official languages of the EU
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
)


def check_language(code: str) -> str:
    """Validate an official EU language code (ISO 639-1); returns it lower-cased."""
    lower = code.strip().lower() if isinstance(code, str) else ""
    if lower not in EU_LANGUAGES:
        raise UnknownLanguage(
            f"{code!r} is not an official EU language (one of {', '.join(EU_LANGUAGES)})"
        )
    return lower


def _locale(in_lang: str) -> Locale:
    return Locale.parse(check_language(in_lang))


def language_name(code: str, in_lang: str = "en") -> str:
    """The name of language `code` written in `in_lang` (CLDR), e.g. ('de', 'fr') -> 'allemand'."""
    return _locale(in_lang).languages[check_language(code)]


def language_endonym(code: str) -> str:
    """The language's name in itself, e.g. 'de' -> 'Deutsch'."""
    lang = check_language(code)
    return Locale.parse(lang).languages[lang]


def language(code: str) -> Language:
    lang = check_language(code)
    record = pycountry.languages.get(alpha_2=lang)
    return Language(
        code=lang,
        alpha_3=record.alpha_3,
        english_name=language_name(lang, "en"),
        endonym=language_endonym(lang),
    )


def participant(code: str, commission_names: Mapping[str, str]) -> Participant:
    upper = check_participant(code)
    if upper == COMMISSION:
        name = commission_names["en"]
        return Participant(code=upper, name=name, official_name=name, is_commission=True)
    country = pycountry.countries.get(alpha_2=upper)
    name = getattr(country, "common_name", None) or country.name
    return Participant(
        code=upper,
        name=name,
        official_name=getattr(country, "official_name", None) or name,
        eea_only=upper in EEA_ONLY_STATES,
    )


def participant_name(code: str, in_lang: str, commission_names: Mapping[str, str]) -> str:
    """English from pycountry; any other official EU language from Babel (CLDR territories)."""
    upper = check_participant(code)
    lang = check_language(in_lang)
    if upper == COMMISSION:
        return commission_names[lang]
    if lang == "en":
        return participant(upper, commission_names).name
    return _locale(lang).territories[upper]
