"""Free-text rules of authority search (DIR-131), shared by the projection and the query.

User manual (FR), §5.3.1 «Rechercher une autorité compétente»: «La recherche en texte libre
permet uniquement de rechercher des termes exacts et tient compte des caractères spéciaux. Par
exemple, si vous recherchez une préfecture en France, vous ne la trouverez pas si vous tapez
«prefecture» (sans accent).» Hence:

- a term matches a whole word of a name, never a part of it ("préfect" does not find
  "préfecture"), and every term typed must match (AND);
- accents and special characters are significant: "prefecture" ≠ "préfecture", "strasse" ≠
  "straße" (so `str.lower`, never `casefold`, which would turn "ß" into "ss");
- upper and lower case are NOT distinguished [INFERRED]: the manual states no case rule for
  search (its only one, §3.2.3, is about usernames, passwords and security codes), and DIR-131's
  example is about accents only. The Greek final sigma "ς" is the lower case of "Σ" at the end
  of a word, so it counts as "σ".

Text is NFC-normalised first, so a composed "é" and "e" + combining acute are the same
character (that is one character written two ways, not accent folding).
"""

from __future__ import annotations

import re
import unicodedata

# Words: letters, digits (and "_"), keeping combining marks that NFC leaves decomposed.
_WORD = re.compile(r"[\w\u0300-\u036f]+")

FREE_TEXT_INFO = (
    "DIR-131: free text matches exact terms only. Every word typed must appear as a whole word "
    "in the official name, the informal name or its translation into your display language; "
    'accents and special characters count ("prefecture" does not find "préfecture"); upper '
    "and lower case do not."
)


def normalise(text: str) -> str:
    """The comparable form of a name or of a typed text: NFC, lower case, blanks collapsed."""
    lowered = unicodedata.normalize("NFC", text).lower().replace("ς", "σ")
    return " ".join(lowered.split())


def terms(text: str) -> list[str]:
    """The distinct words of `text` in their comparable form, in order of appearance."""
    return list(dict.fromkeys(_WORD.findall(normalise(text))))
