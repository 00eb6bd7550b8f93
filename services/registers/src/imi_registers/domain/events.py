"""What the registers service publishes (X-052): ids and codes only on the topic.

`register.added` is this service's addition to X-052 (a creation event, so consumers can
build read models of managed registers, REG-026); X-052 names `register.managing_authority_changed`."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from imi_shared.envelope import Event
from imi_shared.participants import Participant

from .register import GeographicCoverage, Register, RegisterType

ID_MAX = 64


class RegisterAdded(Event):
    event_type: ClassVar[str] = "register.added"
    aggregate_type: ClassVar[str] = "register"
    aggregate_id_field: ClassVar[str] = "register_id"

    register_id: str = Field(max_length=ID_MAX)
    member_state: Participant
    managing_authority_id: str = Field(max_length=ID_MAX)
    register_type: RegisterType
    coverage: GeographicCoverage
    actor_user_id: str = Field(max_length=ID_MAX)


class RegisterManagingAuthorityChanged(Event):
    """REG-016: notifier tells the new managing authority's LDAs (N_REG_MANAGEMENT_TRANSFERRED)."""

    event_type: ClassVar[str] = "register.managing_authority_changed"
    aggregate_type: ClassVar[str] = "register"
    aggregate_id_field: ClassVar[str] = "register_id"

    register_id: str = Field(max_length=ID_MAX)
    member_state: Participant
    old_managing_authority_id: str = Field(max_length=ID_MAX)
    new_managing_authority_id: str = Field(max_length=ID_MAX)
    actor_user_id: str = Field(max_length=ID_MAX)


def added(register: Register) -> RegisterAdded:
    return RegisterAdded(
        register_id=register.register_id,
        member_state=register.member_state,
        managing_authority_id=register.managing_authority_id,
        register_type=register.details.register_type,
        coverage=register.details.coverage,
        actor_user_id=register.created_by,
    )


def management_changed(
    register: Register, former: str, actor_user_id: str
) -> RegisterManagingAuthorityChanged:
    return RegisterManagingAuthorityChanged(
        register_id=register.register_id,
        member_state=register.member_state,
        old_managing_authority_id=former,
        new_managing_authority_id=register.managing_authority_id,
        actor_user_id=actor_user_id,
    )
