"""Immutable value objects of the reference data."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Workflow = Literal["requests", "alerts"]  # X-004, DIR-139
CatalogueKind = Literal["la_keyword", "nace", "policy_area"]  # subset of TRL-012 kinds


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Keyword(_Frozen):
    """An entry of an LA's keyword list (DIR-026). The code is language-independent (TRL-010)."""

    code: str
    la_code: str
    title: str  # English label; translations belong to the translation service (TRL-001)
    source: str  # "project", or the manual section the example comes from


class LegislativeArea(_Frozen):
    """A legislative area as configuration data (X-004)."""

    code: str
    title: str
    legal_basis: str
    workflows: tuple[Workflow, ...] = Field(min_length=1)
    keywords: tuple[Keyword, ...] = Field(min_length=1)

    def has_workflow(self, workflow: str) -> bool:
        return workflow in self.workflows


class CatalogueNode(_Frozen):
    """A node of a hierarchical competence catalogue (DIR-025): NACE or EU policy areas."""

    code: str
    kind: CatalogueKind
    title: str  # English label
    parent_code: str | None = None
    level: int = 0  # 0 = root (NACE section / policy area), 1 = child (division / sub-area)


class CatalogueEntry(_Frozen):
    """A row shaped like TRL-012's CatalogueItem, with its English label, for seeding."""

    code: str
    kind: CatalogueKind
    la_code: str | None
    parent_code: str | None
    active: bool = True
    label_en: str


class Participant(_Frozen):
    """An IMI participant (X-001): an EEA member state or the Commission."""

    code: str
    name: str  # English short name
    official_name: str  # English official name (the short name when the library has none)
    is_commission: bool = False
    eea_only: bool = False  # IS, LI, NO


class Language(_Frozen):
    """An official EU language (X-021)."""

    code: str  # ISO 639-1
    alpha_3: str  # ISO 639-3 / 639-2/T
    english_name: str
    endonym: str
