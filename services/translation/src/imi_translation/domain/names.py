"""An informal name and its translation queue (TRL-009, TRL-013, TRL-016).

The original keeps its language; every other official language is `pending` until
`commission_translation` translates it. Editing the original resets every translation to
pending (TRL-016). Readers see a translation if one exists, else the original (TRL-009).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from imi_shared.errors import Conflict, InvalidInput

from .events import MAX_NAME, Entity, InformalNameSubmitted, InformalNameTranslated
from .languages import OFFICIAL_LANGUAGES, official

PENDING, DONE = "pending", "done"


def name_id(entity: str, entity_id: str) -> str:
    return f"{entity}:{entity_id}"


@dataclass(frozen=True)
class NameChange:
    """An owner's informal name as the service owning it (directory, registers) states it
    (TRL-009, TRL-016): `text` or `lang` None leaves the stored one as it is."""

    entity: Entity
    entity_id: str
    member_state: str
    text: str | None
    lang: str | None


def _language(lang: str) -> str:
    return official(lang, rule="TRL-016")


def _text(text: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > MAX_NAME:
        raise InvalidInput("TRL-009", f"a name has 1 to {MAX_NAME} characters", "text")
    return cleaned


@dataclass
class InformalName:
    entity: Entity
    entity_id: str
    member_state: str
    lang: str
    text: str
    revision: int = 1
    translations: dict[str, str] = field(default_factory=dict)

    @property
    def name_id(self) -> str:
        return name_id(self.entity, self.entity_id)

    def status(self, lang: str) -> str:
        return DONE if lang == self.lang or lang in self.translations else PENDING

    @property
    def pending(self) -> list[str]:
        return [code for code in OFFICIAL_LANGUAGES if self.status(code) == PENDING]

    def _event(self, cls, lang: str, text: str, now: datetime, **extra):
        return cls(
            **extra,
            name_id=self.name_id,
            entity=self.entity,
            entity_id=self.entity_id,
            member_state=self.member_state,
            revision=self.revision,
            lang=lang,
            text=text,
            at=now,
        )


def submit(
    entity: Entity, entity_id: str, member_state: str, lang: str, text: str, now: datetime
) -> tuple[InformalName, list[InformalNameSubmitted]]:
    """TRL-009, TRL-016: a new name, in its language, queued for every other language."""
    name = InformalName(entity, entity_id, member_state, _language(lang), _text(text))
    return name, [name._event(InformalNameSubmitted, name.lang, name.text, now)]


def edit(name: InformalName, lang: str, text: str, now: datetime) -> list[InformalNameSubmitted]:
    """TRL-016: a new original resets every translation to pending (re-queued)."""
    lang, text = _language(lang), _text(text)
    if (lang, text) == (name.lang, name.text):
        return []
    name.lang, name.text, name.translations = lang, text, {}
    name.revision += 1
    return [name._event(InformalNameSubmitted, lang, text, now)]


def translate(
    name: InformalName, lang: str, text: str, now: datetime
) -> list[InformalNameTranslated]:
    """TRL-009: a translation into another official language."""
    lang, text = _language(lang), _text(text)
    if lang == name.lang:
        raise Conflict("TRL-009", "the original is already in this language", "lang")
    name.translations[lang] = text
    name.revision += 1
    return [name._event(InformalNameTranslated, lang, text, now, original=name.text)]


def shown(original_lang: str, original: str, translations: dict[str, str], lang: str):
    """TRL-009: (language, text, translated) a reader of `lang` sees: the original meanwhile."""
    if lang in translations:
        return lang, translations[lang], True
    return original_lang, original, False
