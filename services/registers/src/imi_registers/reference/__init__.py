"""Reference data of the registers service: register types, their categories and the
information types (REG-007, REG-024: codes with labels, `codes.json`), the regions of the
states with a regional structure (REG-008: ISO 3166-2 from pycountry, labels in the display
language from pycountry's translations) and the languages (X-021).

Pure: reads the package's JSON file and pycountry's data once (`default_reference()`).
"""

from __future__ import annotations

import gettext
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry

#: X-021: the 24 official languages of the EU (the display languages)
EU_LANGUAGES: tuple[str, ...] = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
)  # fmt: skip
#: the languages the code labels are kept in; another display language reads English
LABEL_LANGUAGES: tuple[str, ...] = ("en", "fr", "de", "es", "it")
FALLBACK = "en"
#: REG-008: the states defined as having a regional structure, with their first-level
#: ISO 3166-2 subdivisions as the predefined regions
REGIONAL_STATES: tuple[str, ...] = ("AT", "BE", "DE", "ES", "FR", "IT", "PL")

Labels = dict[str, str]  # lang -> text


@dataclass(frozen=True)
class Reference:
    types: dict[str, Labels]
    categories: dict[str, dict[str, Labels]]  # register type -> code -> labels
    info_types: dict[str, Labels]
    regions: dict[str, dict[str, Labels]]  # member state -> region code -> labels

    def categories_of(self, register_type: str) -> dict[str, Labels]:
        return self.categories.get(register_type, {})

    def label(self, labels: Labels | None, lang: str) -> str:
        if not labels:
            return ""
        return labels.get(lang) or labels.get(FALLBACK) or next(iter(labels.values()))

    def label_language(self, lang: str) -> str:
        """The language the labels are read in for display language `lang`."""
        return lang if lang in LABEL_LANGUAGES else FALLBACK

    def region_labels(self, member_state: str, region_code: str | None) -> Labels | None:
        return self.regions.get(member_state, {}).get(region_code or "")


def _region_names(member_state: str) -> dict[str, Labels]:
    translators = {
        lang: gettext.translation(
            "iso3166-2", pycountry.LOCALES_DIR, languages=[lang], fallback=True
        )
        for lang in LABEL_LANGUAGES
    }
    out: dict[str, Labels] = {}
    for sub in pycountry.subdivisions.get(country_code=member_state) or ():
        if sub.parent_code is None:
            out[sub.code] = {lang: t.gettext(sub.name) for lang, t in translators.items()}
    return out


@cache
def default_reference() -> Reference:
    data = json.loads(
        resources.files(__package__).joinpath("codes.json").read_text(encoding="utf-8")
    )
    return Reference(
        types=data["types"],
        categories=data["categories"],
        info_types=data["info_types"],
        regions={ms: _region_names(ms) for ms in REGIONAL_STATES},
    )
