"""The quick search's words (REG-017, REG-023, TRL-011): what each word of the free text
matches (every word must match a register: `adapters/register_search.py`). Pure.

A word matches a register when its phonetic key is a key of the register's names (the
originals, or their translation into the display language) or of the label, in the display
language, of its type, region, one of its categories or one of its information types. The
labels are catalogue data, so a word is turned into codes once (`LabelTerms`) and the
registers are matched on the codes' postings, never on stored label text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from imi_shared.errors import InvalidInput

from ..reference import LABEL_LANGUAGES, Reference
from .search_terms import ANY, phonetic_key, words

#: the index fields a label's code is matched on
TYPE, REGION, CATEGORY, INFO = "register_type", "region_code", "category_codes", "info_type_codes"
MAX_WORDS = 10


@dataclass(frozen=True)
class WordSpec:
    word: str
    key: str
    name_keys: tuple[str, ...]  # `*:<key>` and `<lang>:<key>`
    codes: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def always(self, type_count: int) -> bool:
        """A word matching every register type matches every register (e.g. "registre")."""
        return len(self.codes.get(TYPE, ())) >= type_count


class LabelTerms:
    """Per label language: phonetic key -> the codes whose label has a word with that key."""

    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        self.type_count = len(reference.types)
        self._terms: dict[str, dict[str, dict[str, set[str]]]] = {}
        for lang in LABEL_LANGUAGES:
            terms: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
            self._terms[lang] = terms

            def add(f: str, code: str, labels: Mapping[str, str], terms=terms, lang=lang) -> None:
                for word in words(reference.label(dict(labels), lang)):
                    terms[phonetic_key(word)][f].add(code)

            for code, labels in reference.types.items():
                add(TYPE, code, labels)
            for by_code in reference.categories.values():
                for code, labels in by_code.items():
                    add(CATEGORY, code, labels)
            for code, labels in reference.info_types.items():
                add(INFO, code, labels)
            for by_code in reference.regions.values():
                for code, labels in by_code.items():
                    add(REGION, code, labels)

    def codes(self, key: str, lang: str) -> dict[str, frozenset[str]]:
        found = self._terms[self.reference.label_language(lang)].get(key, {})
        return {f: frozenset(c) for f, c in found.items()}


def parse(text: str, lang: str, terms: LabelTerms | None, field_name: str = "q") -> list[WordSpec]:
    """REG-017: every word must match (AND). `terms` None: names only (advanced search)."""
    found = words(text)
    if not found:
        raise InvalidInput("REG-017", "give at least one word to search for", field_name)
    if len(found) > MAX_WORDS:
        raise InvalidInput("REG-017", f"at most {MAX_WORDS} words", field_name)
    specs = []
    for word in found:
        key = phonetic_key(word)
        codes = {} if terms is None else terms.codes(key, lang)
        specs.append(WordSpec(word, key, (f"{ANY}:{key}", f"{lang}:{key}"), codes))
    return specs
