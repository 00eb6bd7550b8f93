"""The registers service's narrow model of the translation service's
`informal_name.translated` (`imi.translation.events`, TRL-009): what the search read model
needs. Checked against the producer's schema by `tests/test_translation_contract.py`; never
imports `imi_translation`."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from imi_shared.contracts import expects
from imi_shared.envelope import Event, EventCatalog

REGISTER = "register"


class InformalNameTranslated(Event):
    event_type: ClassVar[str] = "informal_name.translated"
    schema_version: ClassVar[str] = "1.1"
    aggregate_type: ClassVar[str] = "informal_name"
    aggregate_id_field: ClassVar[str] = "name_id"

    name_id: str
    entity: str = Field(json_schema_extra=expects(REGISTER))
    entity_id: str
    member_state: str
    lang: str
    text: str
    original: str = ""  # the name translated ("": a producer older than 1.1, not checked)


def translation_catalog() -> EventCatalog:
    return EventCatalog(InformalNameTranslated)
