"""What the registers service publishes on `imi.registers.events` (X-052). Ids, codes and the
register's names: names of registers are public directory data, not personal data, and the
translation service queues the informal name from these events (REG-009, TRL-009, TRL-016).

`register.added` is this service's addition to X-052 (a creation event, so consumers can
build read models of managed registers, REG-026, and queue the informal name); X-052 names
`register.deleted` and `register.managing_authority_changed`."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from imi_shared.envelope import Event
from imi_shared.participants import Participant

from .details import GeographicCoverage, RegisterType
from .register import Register

ID_MAX = 64
NAME_MAX = 300
LANG = r"^[a-z]{2}$"


class _RegisterEvent(Event):
    aggregate_type: ClassVar[str] = "register"
    aggregate_id_field: ClassVar[str] = "register_id"

    register_id: str = Field(max_length=ID_MAX)
    member_state: Participant


class RegisterAdded(_RegisterEvent):
    """1.1: `informal_name` and its language, for the translation queue (REG-009, TRL-016)."""

    event_type: ClassVar[str] = "register.added"
    schema_version: ClassVar[str] = "1.1"

    managing_authority_id: str = Field(max_length=ID_MAX)
    register_type: RegisterType
    coverage: GeographicCoverage
    informal_name: str = Field(max_length=NAME_MAX)
    informal_name_language: str = Field(max_length=2, pattern=LANG)
    actor_user_id: str = Field(max_length=ID_MAX)


class RegisterInformalNameChanged(_RegisterEvent):
    """TRL-016: an edit changed the informal name or its language; its translations start
    again (the new original is shown meanwhile)."""

    event_type: ClassVar[str] = "register.informal_name_changed"

    informal_name: str = Field(max_length=NAME_MAX)
    informal_name_language: str = Field(max_length=2, pattern=LANG)
    actor_user_id: str = Field(max_length=ID_MAX)


class RegisterDeleted(_RegisterEvent):
    """REG-015: notifier e-mails the managing authority's LDAs (N_REG_DELETED)."""

    event_type: ClassVar[str] = "register.deleted"

    managing_authority_id: str = Field(max_length=ID_MAX)
    official_name: str = Field(max_length=NAME_MAX)
    actor_user_id: str = Field(max_length=ID_MAX)


class RegisterManagingAuthorityChanged(_RegisterEvent):
    """REG-016: notifier tells the new managing authority's LDAs (N_REG_MANAGEMENT_TRANSFERRED)."""

    event_type: ClassVar[str] = "register.managing_authority_changed"

    old_managing_authority_id: str = Field(max_length=ID_MAX)
    new_managing_authority_id: str = Field(max_length=ID_MAX)
    actor_user_id: str = Field(max_length=ID_MAX)


PUBLISHED: tuple[type[Event], ...] = (
    RegisterAdded,
    RegisterInformalNameChanged,
    RegisterDeleted,
    RegisterManagingAuthorityChanged,
)


def added(register: Register) -> RegisterAdded:
    d = register.details
    return RegisterAdded(
        register_id=register.register_id,
        member_state=register.member_state,
        managing_authority_id=register.managing_authority_id,
        register_type=d.register_type,
        coverage=d.coverage,
        informal_name=d.informal_name,
        informal_name_language=d.informal_name_language,
        actor_user_id=register.created_by,
    )


def name_changed(register: Register, actor_user_id: str) -> RegisterInformalNameChanged:
    return RegisterInformalNameChanged(
        register_id=register.register_id,
        member_state=register.member_state,
        informal_name=register.details.informal_name,
        informal_name_language=register.details.informal_name_language,
        actor_user_id=actor_user_id,
    )


def deleted(register: Register, actor_user_id: str) -> RegisterDeleted:
    return RegisterDeleted(
        register_id=register.register_id,
        member_state=register.member_state,
        managing_authority_id=register.managing_authority_id,
        official_name=register.details.official_name,
        actor_user_id=actor_user_id,
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
