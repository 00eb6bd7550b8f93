"""The 24 official EU languages and their names.

The codes are the EU's official languages (ISO 639-1); their names, in any display language,
come from CLDR through Babel, never typed by hand (issue 11).
"""

from __future__ import annotations

from babel import Locale

from imi_shared.errors import InvalidInput

OFFICIAL_LANGUAGES: tuple[str, ...] = tuple(
    "bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv".split()
)
FALLBACK_LANGUAGE = "en"  # TRL-001 [INFERRED]: the reader's language, then English


def official(lang: str, *, rule: str, field: str = "lang") -> str:
    code = lang.strip().lower()
    if code not in OFFICIAL_LANGUAGES:
        raise InvalidInput(rule, f"{lang!r} is not an official EU language", field)
    return code


def language_name(code: str, in_lang: str) -> str:
    """`code`'s name written in `in_lang` (CLDR): language_name("fr", "de") == "Französisch"."""
    return Locale.parse(in_lang).languages[code]
