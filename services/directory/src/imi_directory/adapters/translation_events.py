"""The directory's narrow model of the translation service's `informal_name.translated`
(`imi.translation.events`): only what the search projection needs, checked against the
producer's published schema by `tests/test_translation_contract.py`."""

from __future__ import annotations

from typing import ClassVar

from imi_shared.envelope import Event


class InformalNameTranslated(Event):
    event_type: ClassVar[str] = "informal_name.translated"
    aggregate_type: ClassVar[str] = "informal_name"
    aggregate_id_field: ClassVar[str] = "name_id"

    name_id: str
    entity: str
    entity_id: str
    member_state: str
    lang: str
    text: str
    original: str = ""  # the name translated ("": a producer older than 1.1, not checked)
