"""Is there personal data inside a free text? (issue 11: it never leaves for an untrusted engine)

Decision [DESIGN]: personal data is *marked* by the service that owns the text, which knows
what the text is (a request's answer is case content, RET-004): the translation request says
`personal_data`, and says true unless the text is known to be free of it (an authority's
description, TRL-008). Marking alone is not trusted: a text marked free of personal data is
still *scanned* for what plainly identifies a person (e-mail addresses, telephone numbers,
IBANs, dates such as a date of birth, long identifier numbers), and any hit counts as personal
data. The scan only ever adds caution: it can say "personal data" for a text marked free of
it, never the reverse.
"""

from __future__ import annotations

import re

_PATTERNS = {
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "iban": re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b"),
    "phone": re.compile(r"(?<![\w])\+?\d[\d ().-]{7,}\d(?![\w])"),
    "date": re.compile(
        r"\b\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d{2}\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b"
    ),
    "identifier": re.compile(r"\b(?=[A-Z0-9]*\d)[A-Z0-9]{9,}\b"),
}


def found_personal_data(text: str) -> list[str]:
    """The kinds of identifying data the scan sees in `text` (empty: none seen)."""
    return [kind for kind, pattern in _PATTERNS.items() if pattern.search(text)]


def holds_personal_data(text: str, marked: bool) -> bool:
    """Marked by its owner, or seen by the scan."""
    return marked or bool(found_personal_data(text))
