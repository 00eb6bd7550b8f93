"""What a register says about itself: the four steps of the wizard (REG-006, REG-010, REG-011,
REG-012, REG-020, REG-024) as immutable values. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RegisterType(StrEnum):
    """REG-007."""

    GENERAL = "general"
    SPECIFIC = "specific"


class GeographicCoverage(StrEnum):
    """REG-008."""

    NATIONAL = "national"
    REGIONAL = "regional"
    LOCAL = "local"


@dataclass(frozen=True)
class Text:
    """A free text with the language its author chose (X-023, REG-024)."""

    text: str
    lang: str


@dataclass(frozen=True)
class Link:
    url: str
    lang: str  # REG-010: the language of the linked site


@dataclass(frozen=True)
class Owner:
    """REG-012: the authority responsible for the content; it need not be in IMI
    (`authority_id` None: a name only)."""

    name: str
    authority_id: str | None = None


@dataclass(frozen=True)
class RegisterDetails:
    """Step 1 general information, step 2 access, step 3 content, step 4 the owner (the
    managing authority is not a detail: REG-013)."""

    official_name: str
    informal_name: str
    informal_name_language: str  # TRL-016
    coverage: GeographicCoverage
    register_type: RegisterType
    owner: Owner
    region_code: str | None = None
    category_codes: tuple[str, ...] = ()
    info_languages: tuple[str, ...] = ()
    details_text: Text | None = None
    online: bool = False
    links: tuple[Link, ...] = ()
    access_restrictions: Text | None = None
    payment_conditions: Text | None = None
    info_type_codes: tuple[str, ...] = ()
    info_use: Text | None = None
    verification_and_update: Text | None = None
    registration_mandatory: bool = False
