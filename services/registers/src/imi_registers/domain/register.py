"""A register of the register directory and the rules of adding, editing, deleting and
transferring it (REG-002..REG-016, REG-021, REG-024, REG-025). Pure: reference data and the
target authority come in as arguments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from imi_shared.errors import Conflict, Forbidden, InvalidInput

from ..reference import EU_LANGUAGES, REGIONAL_STATES, Reference
from .details import GeographicCoverage, Link, Owner, RegisterDetails, RegisterType, Text

__all__ = [
    "Actor",
    "AuthorityRef",
    "GeographicCoverage",
    "Link",
    "Owner",
    "Register",
    "RegisterDetails",
    "RegisterType",
    "Text",
]
DATA_LANGUAGES = frozenset(EU_LANGUAGES + ("is", "no"))


@dataclass(frozen=True)
class Actor:
    user_id: str
    authority_id: str
    member_state: str
    local_data_admin: bool = False


@dataclass(frozen=True)
class AuthorityRef:
    """An IMI authority as the directory's events told this service (X-054)."""

    authority_id: str
    member_state: str
    status: str


@dataclass
class Register:
    register_id: str
    member_state: str  # REG-025: the adding authority's, never changed
    details: RegisterDetails
    managing_authority_id: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    previous_managers: list[str] = field(default_factory=list)


def _language(lang: str, field_name: str) -> None:
    if lang not in DATA_LANGUAGES:
        raise InvalidInput("X-023", f"unknown language {lang!r}", field_name)


def check_details(details: RegisterDetails, member_state: str, reference: Reference) -> None:
    """The wizard's checks (REG-006..REG-012, REG-024)."""
    for name in ("official_name", "informal_name"):  # REG-006: both required
        if not getattr(details, name).strip():
            raise InvalidInput("REG-006", "give the register's official and informal name", name)
    _language(details.informal_name_language, "informal_name_language")  # TRL-016
    allowed = reference.categories_of(details.register_type.value)
    if not details.category_codes:
        raise InvalidInput("REG-006", "choose at least one category", "category_codes")
    for i, code in enumerate(details.category_codes):
        if code not in allowed:  # REG-007: the categories depend on the type
            raise InvalidInput(
                "REG-007", f"{code!r} is not a category of a {details.register_type} register",
                f"category_codes.{i}",
            )  # fmt: skip
    _check_region(details, member_state, reference)
    for i, lang in enumerate(details.info_languages):
        _language(lang, f"info_languages.{i}")
    if details.online and not details.links:  # REG-010 / REG-021
        raise InvalidInput("REG-010", "an online register needs at least one link", "links")
    for i, link in enumerate(details.links):  # REG-010: the language of the linked site
        _language(link.lang, f"links.{i}.lang")
    for i, code in enumerate(details.info_type_codes):
        if code not in reference.info_types:  # REG-024
            raise InvalidInput("REG-024", f"unknown information type {code!r}",
                               f"info_type_codes.{i}")  # fmt: skip
    for name in ("details_text", "access_restrictions", "payment_conditions", "info_use",
                 "verification_and_update"):  # fmt: skip
        text = getattr(details, name)
        if text is not None:
            _language(text.lang, f"{name}.lang")


def _check_region(details: RegisterDetails, member_state: str, reference: Reference) -> None:
    """REG-008: a regional or local register of a state with a regional structure names one of
    its predefined regions; a national one, or one of another state, names none (the area
    goes in the informal name)."""
    code = details.region_code
    structured = member_state in REGIONAL_STATES
    if details.coverage is GeographicCoverage.NATIONAL or not structured:
        if code is not None:
            why = "a national register" if structured else f"{member_state} has no regions in IMI"
            raise InvalidInput("REG-008", f"no region for {why}", "region_code")
        return
    if code is None:
        raise InvalidInput("REG-008", "choose the region of the register", "region_code")
    if reference.region_labels(member_state, code) is None:
        raise InvalidInput("REG-008", f"{code!r} is not a region of {member_state}", "region_code")


def ensure_lda(actor: Actor, rule: str) -> None:
    if not actor.local_data_admin:
        raise Forbidden(rule, "only a local data administrator may do this")


def add_register(
    register_id: str, details: RegisterDetails, actor: Actor, now: datetime, reference: Reference
) -> Register:
    """REG-002: any LDA adds a register. REG-013: its managing authority is the adder's own,
    not chosen. REG-025: its member state is the adder's, for good."""
    ensure_lda(actor, "REG-002")
    check_details(details, actor.member_state, reference)
    return Register(register_id, actor.member_state, details, actor.authority_id, actor.user_id,
                    now, now)  # fmt: skip


def may_edit(register: Register, actor: Actor) -> bool:
    """REG-003/REG-004/REG-005: an LDA of the managing authority."""
    return actor.local_data_admin and actor.authority_id == register.managing_authority_id


def ensure_manager(register: Register, actor: Actor, rule: str) -> None:
    ensure_lda(actor, rule)
    if not may_edit(register, actor):
        raise Forbidden(rule, "only an LDA of the managing authority may change this register")


def edit_register(
    register: Register, details: RegisterDetails, actor: Actor, now: datetime, reference: Reference
) -> bool:
    """REG-003/REG-014: every field may change but the member state (REG-025). Returns whether
    the informal name or its language changed (TRL-016: its translations start again)."""
    ensure_manager(register, actor, "REG-003")
    check_details(details, register.member_state, reference)
    before = register.details
    register.details = details
    register.updated_at = now
    return (before.informal_name, before.informal_name_language) != (
        details.informal_name,
        details.informal_name_language,
    )


def delete_register(register: Register, actor: Actor) -> None:
    """REG-004: only the managing authority's LDAs; REG-015: its LDAs are told (the event)."""
    ensure_manager(register, actor, "REG-004")


def transfer_management(
    register: Register, target: AuthorityRef | None, new_id: str, actor: Actor, now: datetime
) -> str:
    """REG-014/REG-016: the managing authority's LDA hands management to another authority;
    the former one loses its edit rights at once. REG-025: the new one is an active IMI
    authority of the register's state; an unknown authority and one of another state get the
    same answer. Returns the former managing authority."""
    ensure_manager(register, actor, "REG-003")
    if new_id == register.managing_authority_id:
        raise Conflict("REG-016", "that authority already manages this register")
    if target is None or target.member_state != register.member_state or target.status != "active":
        raise InvalidInput("REG-025", f"no active IMI authority {new_id!r} in "
                           f"{register.member_state}", "managing_authority_id")  # fmt: skip
    former = register.managing_authority_id
    register.previous_managers.append(former)
    register.managing_authority_id = new_id
    register.updated_at = now
    return former
