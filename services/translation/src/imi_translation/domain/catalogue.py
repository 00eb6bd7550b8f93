"""Catalogue items: language-independent codes with one label per official language
(TRL-001, TRL-002, TRL-012).

Domain data everywhere stores the code; a reader sees the label in their display language, or
the English one with a visible fallback marker, and machine-made labels are marked too
(issue 11). Only `commission_translation` edits catalogues (TRL-003: checked by the handler).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, get_args

from imi_shared.errors import Conflict, InvalidInput

from .catalogue_events import CatalogueItemChanged
from .languages import FALLBACK_LANGUAGE, OFFICIAL_LANGUAGES, official

Kind = Literal[
    "question_set",
    "question",
    "answer",
    "attachment_comment",
    "la_keyword",
    "nace",
    "policy_area",
    "checklist_item",
    "register_type",
    "register_category",
    "register_info_type",
    "region",
    "status_label",
    "email_template",
    "ui_text",
]
KINDS: tuple[str, ...] = get_args(Kind)
MAX_CODE, MAX_LABEL = 80, 2000


@dataclass(frozen=True)
class Label:
    text: str
    machine: bool = False  # made by a machine translation engine, not yet checked


@dataclass
class CatalogueItem:
    code: str
    kind: str
    la_code: str | None = None
    parent_code: str | None = None  # a question's set, an answer's question
    active: bool = True
    labels: dict[str, Label] = field(default_factory=dict)
    revision: int = 1

    @property
    def item_id(self) -> str:
        return item_id(self.kind, self.code)

    def missing(self) -> list[str]:
        """The official languages without a label (the completeness report)."""
        return [lang for lang in OFFICIAL_LANGUAGES if lang not in self.labels]


@dataclass(frozen=True)
class Rendered:
    code: str
    text: str
    lang: str  # the language of `text`
    fallback: bool  # not the reader's language
    machine: bool
    la_code: str | None = None
    parent_code: str | None = None


def item_id(kind: str, code: str) -> str:
    return f"{kind}:{code}"


def _code(code: str) -> str:
    if not code or len(code) > MAX_CODE or not all(c.isalnum() or c in "._-" for c in code):
        raise InvalidInput("TRL-012", f"a code has 1 to {MAX_CODE} of [A-Za-z0-9._-]", "code")
    return code


def _label(text: str) -> str:
    cleaned = text.strip()
    if not cleaned or len(cleaned) > MAX_LABEL:
        raise InvalidInput("TRL-001", f"a label has 1 to {MAX_LABEL} characters", "text")
    return cleaned


def changed_event(item: CatalogueItem, now: datetime) -> CatalogueItemChanged:
    return CatalogueItemChanged(
        item_id=item.item_id,
        code=item.code,
        kind=item.kind,
        la_code=item.la_code,
        parent_code=item.parent_code,
        active=item.active,
        revision=item.revision,
        languages=tuple(sorted(item.labels)),
        at=now,
    )


def define(
    kind: str,
    code: str,
    english: str,
    now: datetime,
    *,
    la_code: str | None = None,
    parent_code: str | None = None,
) -> tuple[CatalogueItem, list[CatalogueItemChanged]]:
    """A new item starts with its English label (the fallback every reader can get)."""
    if kind not in KINDS:
        raise InvalidInput("TRL-012", f"{kind!r} is not a catalogue kind", "kind")
    item = CatalogueItem(
        _code(code),
        kind,
        la_code=la_code,
        parent_code=parent_code,
        labels={FALLBACK_LANGUAGE: Label(_label(english))},
    )
    return item, [changed_event(item, now)]


def set_label(
    item: CatalogueItem, lang: str, text: str, now: datetime, *, machine: bool = False
) -> list[CatalogueItemChanged]:
    """One language's label (TRL-001); the same label again changes nothing."""
    code = official(lang, rule="TRL-001")
    if machine and code == FALLBACK_LANGUAGE:
        raise InvalidInput("TRL-001", "the English label is written by a person", "machine")
    label = Label(_label(text), machine)
    if item.labels.get(code) == label:
        return []
    item.labels = {**item.labels, code: label}
    item.revision += 1
    return [changed_event(item, now)]


def set_active(item: CatalogueItem, active: bool, now: datetime) -> list[CatalogueItemChanged]:
    """Retired items stay (stored cases keep their codes) but are no longer offered."""
    if item.active == active:
        raise Conflict("TRL-012", f"the item is already {'active' if active else 'inactive'}")
    item.active = active
    item.revision += 1
    return [changed_event(item, now)]


def render(item: CatalogueItem, lang: str) -> Rendered:
    """TRL-001: the reader's language, else English, marked as a fallback."""
    for candidate in (lang, FALLBACK_LANGUAGE):
        label = item.labels.get(candidate)
        if label is not None:
            return Rendered(
                item.code,
                label.text,
                candidate,
                candidate != lang,
                label.machine,
                item.la_code,
                item.parent_code,
            )
    # define() always gives an English label; a stored item without one shows its code
    return Rendered(
        item.code, item.code, FALLBACK_LANGUAGE, True, False, item.la_code, item.parent_code
    )


def matches(item: CatalogueItem, query: str, lang: str) -> bool:
    """Search by label in the reader's language (and its fallback), or by code."""
    wanted = query.casefold()
    return wanted in item.code.casefold() or wanted in render(item, lang).text.casefold()
