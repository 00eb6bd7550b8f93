"""Consumer-side models of the registers' events that carry registers' informal names
(`imi.registers.events`, TRL-009, REG-009): `register.added` (1.1: `informal_name`,
`informal_name_language`; a 1.0 event has neither and queues nothing) and
`register.informal_name_changed` (the register's name and language as they now are).

Services are independent: these narrow models never import `imi_registers`;
`tests/test_register_contract.py` checks them against the registers' checked-in schemas.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from imi_shared.envelope import Event, EventCatalog
from imi_shared.participants import Participant

from ..domain.events import MAX_NAME, Entity
from ..domain.names import NameChange

REGISTER: Entity = "register"


class _RegisterEvent(Event):
    aggregate_type: ClassVar[str] = "register"
    aggregate_id_field: ClassVar[str] = "register_id"

    register_id: str = Field(max_length=100)  # the entity_id translation publishes
    member_state: Participant
    informal_name: str = Field(default="", max_length=MAX_NAME)
    informal_name_language: str | None = Field(default=None, max_length=2)


class RegisterAdded(_RegisterEvent):
    event_type: ClassVar[str] = "register.added"
    schema_version: ClassVar[str] = "1.1"


class RegisterInformalNameChanged(_RegisterEvent):
    event_type: ClassVar[str] = "register.informal_name_changed"


USED = (RegisterAdded, RegisterInformalNameChanged)


def catalog() -> EventCatalog:
    return EventCatalog(*USED)


def name_change(event: Event) -> NameChange | None:
    """The register's name as the event states it (an empty name or no language: unchanged)."""
    if not isinstance(event, _RegisterEvent):
        return None
    return NameChange(
        REGISTER,
        event.register_id,
        event.member_state,
        event.informal_name or None,
        event.informal_name_language,
    )
