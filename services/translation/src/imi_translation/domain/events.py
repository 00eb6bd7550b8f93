"""What translation publishes on `imi.translation.events`: informal names and their
translations (names of authorities and registers: no personal data). `revision` orders one
name's events for its readers."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import AwareDatetime, Field

from imi_shared.envelope import Event

Entity = Literal["authority", "register"]
MAX_NAME = 300


class _NameEvent(Event):
    aggregate_type: ClassVar[str] = "informal_name"
    aggregate_id_field: ClassVar[str] = "name_id"

    name_id: str = Field(max_length=120)
    entity: Entity
    entity_id: str = Field(max_length=100)
    member_state: str = Field(max_length=2)
    revision: int = Field(ge=1)
    lang: str = Field(max_length=2)
    text: str = Field(max_length=MAX_NAME)
    at: AwareDatetime


class InformalNameSubmitted(_NameEvent):
    """A new or edited original (TRL-009, TRL-016): every translation is pending again."""

    event_type: ClassVar[str] = "informal_name.submitted"


class InformalNameTranslated(_NameEvent):
    """`commission_translation` translated the name into `lang` (TRL-009). 1.1: `original`,
    the text translated, so a reader drops a translation of a name since edited (TRL-016)."""

    event_type: ClassVar[str] = "informal_name.translated"
    schema_version: ClassVar[str] = "1.1"

    original: str = Field(default="", max_length=MAX_NAME)


PUBLISHED = (InformalNameSubmitted, InformalNameTranslated)
