"""Free text and its approximate machine translation (TRL-004..006, TRL-008, TRL-015).

Pure rules, no I/O:
- a free text always keeps the language its author declared (TRL-004, X-023): `FreeText`;
- a machine translation is offered only for an enabled (source, target) pair (TRL-005): `MtPairs`;
- its result is shown next to the original, never in its place, always marked approximate with
  the legal notice (TRL-006): `MachineTranslation` holds both and has no way to drop the original;
- personal data inside a free text never goes to an engine not configured as trusted
  (issue 11): `may_send`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from imi_shared.errors import InvalidInput

from .languages import official

MAX_FREE_TEXT = 5000
NOTICE = (
    "Approximate machine translation: an official translation may be needed for legal purposes."
)
NO_ENGINE = "no_engine_for_pair"  # TRL-005: no translation option for this pair
PERSONAL_DATA = "personal_data_needs_trusted_engine"  # the pair's engine is not trusted


@dataclass(frozen=True)
class FreeText:
    """A free text with its author's declared language (TRL-004)."""

    lang: str
    text: str

    @classmethod
    def of(cls, lang: str, text: str) -> FreeText:
        if not text.strip() or len(text) > MAX_FREE_TEXT:
            raise InvalidInput(
                "TRL-004", f"a free text has 1 to {MAX_FREE_TEXT} characters", "text"
            )
        return cls(official(lang, rule="TRL-004"), text)


@dataclass(frozen=True)
class MtPair:
    """TRL-013: a (source, target) pair, enabled or not."""

    source_lang: str
    target_lang: str
    enabled: bool = True


class MtPairs:
    """The configured pairs; a pair not listed, or listed disabled, is not offered (TRL-005)."""

    def __init__(self, pairs: Iterable[MtPair]) -> None:
        self._enabled = {(p.source_lang, p.target_lang) for p in pairs if p.enabled}

    @classmethod
    def parse(cls, spec: str) -> MtPairs:
        """`"de-pt,fr-en"`; `"*"` enables every pair of two different official languages."""
        from .languages import OFFICIAL_LANGUAGES

        if spec.strip() == "*":
            return cls(
                MtPair(s, t) for s in OFFICIAL_LANGUAGES for t in OFFICIAL_LANGUAGES if s != t
            )
        pairs = []
        for item in filter(None, (part.strip() for part in spec.split(","))):
            source, _, target = item.partition("-")
            pairs.append(MtPair(official(source, rule="TRL-013"), official(target, rule="TRL-013")))
        return cls(pairs)

    def offered(self, source: str, target: str) -> bool:
        """TRL-005 / TRL-015: "Translate" is offered only for an enabled pair of two languages."""
        return source != target and (source, target) in self._enabled


def may_send(personal_data: bool, engine_trusted: bool) -> bool:
    """Personal data inside a free text goes only to an engine configured as trusted."""
    return engine_trusted or not personal_data


@dataclass(frozen=True)
class MachineTranslation:
    """TRL-006: the original and its approximate translation, side by side. `translated` is
    None with a `reason` when no translation can be given (TRL-005: no option)."""

    original: FreeText
    target_lang: str
    translated: str | None = None
    engine: str | None = None
    cached: bool = False
    reason: str | None = None

    approximate: bool = True  # TRL-006: always
    notice: str = NOTICE


ADVICE = "Write in one of the languages the partner authority speaks, in short and clear sentences."


@dataclass(frozen=True)
class WritingAdvice:
    """TRL-007: what the composing UI shows: the partner authority's spoken languages, and
    whether the text's language is one of them (None: the partner's languages are unknown)."""

    partner_languages: tuple[str, ...]
    in_partner_language: bool | None
    advice: str = ADVICE


def writing_advice(lang: str, partner_languages: Iterable[str]) -> WritingAdvice:
    spoken = tuple(dict.fromkeys(official(c, rule="TRL-007") for c in partner_languages))
    return WritingAdvice(spoken, (lang in spoken) if spoken else None)
