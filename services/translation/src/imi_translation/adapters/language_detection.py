"""Does a free text look written in the language its author declared? (issue 11, TRL-004)

Lingua (lingua-language-detector) ships its models inside the wheel: nothing is downloaded.
Restricted to the official EU languages it knows (all but Maltese) and built in low-accuracy
mode (smaller models, faster; fine for a warning), once per process. A text too short to
judge, or judged without confidence, gives no warning: the declared language stays, always.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lingua import IsoCode639_1, LanguageDetectorBuilder

from ..domain.languages import OFFICIAL_LANGUAGES

MIN_LENGTH = 20  # characters: shorter texts are not judged
MIN_CONFIDENCE = 0.8


def _known(code: str) -> IsoCode639_1 | None:
    try:
        return IsoCode639_1.from_str(code)
    except ValueError:
        return None  # Maltese: not in Lingua


DETECTABLE = tuple(c for c in OFFICIAL_LANGUAGES if _known(c) is not None)


@lru_cache(maxsize=1)
def _detector():
    codes = [code for code in map(_known, DETECTABLE) if code is not None]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


@dataclass(frozen=True)
class LanguageCheck:
    declared: str
    detected: str | None  # None: not judged (too short, unsure, or not detectable)
    looks_wrong: bool


def check_language(text: str, declared: str) -> LanguageCheck:
    if len(text.strip()) < MIN_LENGTH or declared not in DETECTABLE:
        return LanguageCheck(declared, None, False)
    values = _detector().compute_language_confidence_values(text)
    if not values or values[0].value < MIN_CONFIDENCE:
        return LanguageCheck(declared, None, False)
    detected = values[0].language.iso_code_639_1.name.lower()
    return LanguageCheck(declared, detected, detected != declared)
