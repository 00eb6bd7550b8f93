"""Words and phonetic keys of the register search (REG-017, REG-023, TRL-011). Pure.

A text is folded (accents and case: NFKD without combining marks, casefold, and the letters
NFKD keeps whole: ø æ œ ł đ þ), cut into words, and common articles and prepositions of the
label languages are dropped. Each word gets a **phonetic key**: American Soundex
(`jellyfish.soundex`) for words in Latin letters, the folded word itself otherwise (Greek,
Cyrillic, digits). Why Soundex for names in 24 languages: it keeps the first letter and codes
the next consonants by place of articulation (labials, gutturals/sibilants, dentals, l, m/n,
r) that sound alike in every Latin-script language, ignores vowels (where spellings and
misspellings differ most) and stops after three codes, which absorbs inflection and
cognate endings: architecte, architectes, Architekten, arquitectos are all A623; registre,
Register, registro, rejestr are all R223. Metaphone and NYSIIS apply English spelling rules
(TH, PH, GH, silent letters) and keep the endings (ARXTKTS vs ARXTKTN), so they miss those.
Soundex's coarseness is bounded by the AND of every word and one country, and results whose
words match exactly rank first.

Index keys carry where they apply: `*:<key>` for the original names (any display language),
`<lang>:<key>` for a name's translation into `lang`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

import jellyfish

ANY = "*"
_WHOLE = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "þ": "th",
                        "ð": "d", "ı": "i"})  # fmt: skip
_WORD = re.compile(r"\w+")
_LATIN = re.compile(r"^[a-z]+$")
STOPWORDS = frozenset(
    "a an and of the for in on to by "  # en
    "de du des la le les l d et en au aux un une pour sur "  # fr
    "der die das des dem den und fur im in zu von vom zum zur ein eine "  # de
    "del el los las y e para por con "  # es
    "di della delle dei degli il lo gli ed per nel nella ".split()  # it
)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.translate(_WHOLE)


def words(text: str) -> list[str]:
    """The searchable words of a text, folded, in order, without stopwords or repeats."""
    out: list[str] = []
    for word in _WORD.findall(fold(text).replace("_", " ")):
        if word not in STOPWORDS and word not in out:
            out.append(word)
    return out


def phonetic_key(word: str) -> str:
    return jellyfish.soundex(word) if _LATIN.match(word) else word


def keys_of(texts: Iterable[str], where: str = ANY) -> list[str]:
    out: list[str] = []
    for text in texts:
        for word in words(text):
            key = f"{where}:{phonetic_key(word)}"
            if key not in out:
                out.append(key)
    return out


def words_of(texts: Iterable[str], where: str = ANY) -> list[str]:
    out: list[str] = []
    for text in texts:
        out.extend(f"{where}={w}" for w in words(text) if f"{where}={w}" not in out)
    return out


def name_keys(originals: Iterable[str], translations: Mapping[str, str]) -> list[str]:
    """The keys of a register's names: originals for every language, translations for theirs."""
    keys = keys_of(originals)
    for lang, text in sorted(translations.items()):
        keys.extend(k for k in keys_of([text], lang) if k not in keys)
    return keys


def name_words(originals: Iterable[str], translations: Mapping[str, str]) -> list[str]:
    """The exact folded words of the names (ranking: exact before phonetic matches)."""
    out = words_of(originals)
    for lang, text in sorted(translations.items()):
        out.extend(w for w in words_of([text], lang) if w not in out)
    return out
