"""A register of the register directory and the rules of adding it and transferring its
management (REG-002, REG-003, REG-010, REG-013, REG-014, REG-016, REG-021, REG-025). Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from imi_shared.errors import Conflict, Forbidden, InvalidInput


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
class Actor:
    user_id: str
    authority_id: str
    member_state: str
    local_data_admin: bool = False


@dataclass(frozen=True)
class Link:
    url: str
    lang: str


@dataclass(frozen=True)
class RegisterDetails:
    """Steps 1, 2 and 4 of the wizard, as far as this service has them (REG-006, REG-010, REG-012)."""

    official_name: str
    informal_name: str
    coverage: GeographicCoverage
    register_type: RegisterType
    owner_authority: str
    online: bool = False
    links: tuple[Link, ...] = ()
    region_code: str | None = None


@dataclass
class Register:
    register_id: str
    member_state: str
    details: RegisterDetails
    managing_authority_id: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    previous_managers: list[str] = field(default_factory=list)


def ensure_lda(actor: Actor, rule: str) -> None:
    if not actor.local_data_admin:
        raise Forbidden(rule, "only a local data administrator may do this")


def check_details(details: RegisterDetails) -> None:
    """REG-010 / REG-021: an online register needs at least one link."""
    if details.online and not details.links:
        raise InvalidInput("REG-010", "an online register needs at least one link", "links")


def add_register(
    register_id: str, details: RegisterDetails, actor: Actor, now: datetime
) -> Register:
    """REG-002: any LDA adds a register. REG-013: its managing authority is the adder's own,
    not chosen. REG-025: its member state is the adder's, for good."""
    ensure_lda(actor, "REG-002")
    check_details(details)
    return Register(
        register_id=register_id,
        member_state=actor.member_state,
        details=details,
        managing_authority_id=actor.authority_id,
        created_by=actor.user_id,
        created_at=now,
        updated_at=now,
    )


def may_edit(register: Register, actor: Actor) -> bool:
    """REG-003/REG-004/REG-005: an LDA of the managing authority."""
    return actor.local_data_admin and actor.authority_id == register.managing_authority_id


def transfer_management(
    register: Register, new_authority_id: str, actor: Actor, now: datetime
) -> str:
    """REG-014/REG-016: the managing authority's LDA hands management to another authority;
    the former one loses its edit rights at once. Returns the former managing authority."""
    if not may_edit(register, actor):
        raise Forbidden("REG-003", "only an LDA of the managing authority may edit this register")
    if new_authority_id == register.managing_authority_id:
        raise Conflict("REG-016", "that authority already manages this register")
    former = register.managing_authority_id
    register.previous_managers.append(former)
    register.managing_authority_id = new_authority_id
    register.updated_at = now
    return former
