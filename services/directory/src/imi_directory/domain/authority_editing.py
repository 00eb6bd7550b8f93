"""Editing an authority's data (DIR-017, DIR-018, DIR-023, DIR-024, DIR-025, DIR-026, DIR-027,
DIR-029, DIR-030..DIR-038, DIR-124).

LA and workflow data are set on the authority's access records; the authority's own details
are handed back to the aggregate (`AuthorityChange.fields`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from imi_shared.errors import Conflict, Forbidden, InvalidInput

from .actors import Actor
from .changes import AuthorityChange
from .enums import Workflow
from .events import AssociatedCoordinatorsChanged, AuthorityDataChanged, AuthorityParametersChanged
from .parameters import PARAMETER_GROUP, PARAMETER_RULE, ParameterGroup, updated_parameters
from .permissions import is_access_da, is_lda, is_validating_da
from .profile import AuthorityProfile, being_validated, la
from .profile import workflow as find_workflow
from .reference import LegislativeAreaCatalog
from .roles import check_associated_coordinators, check_coordinator_name
from .validation import is_valid_email, normalize_email

# DIR-017 / DIR-029: general data an LDA or the validating coordinator's DAs may edit.
EDITABLE_DETAILS = frozenset(
    {
        "informal_name",
        "informal_name_language",
        "description",
        "description_language",
        "spoken_languages",
        "address",
        "phone",
        "website",
        "email",
        "region",
        "nace_codes",
        "policy_area_codes",
        "horizontal_competence",
    }
)


def update_details(
    authority: AuthorityProfile,
    /,
    actor: Actor,
    now: datetime,
    changes: Mapping[str, Any],
    *,
    email_in_use: bool = False,
) -> AuthorityChange:
    """DIR-017 / DIR-029. The official name is fixed after registration except for the
    validating coordinator (DIR-023). `email_in_use`: the new e-mail already belongs to
    another authority or to an open invitation (DIR-137, told by the caller)."""
    validating = is_validating_da(authority, actor)
    if not (validating or is_lda(authority, actor)):
        raise Forbidden(
            "DIR-029", "only the authority's LDAs or its validating coordinator may edit it"
        )
    unknown = set(changes) - EDITABLE_DETAILS - {"official_name"}
    if unknown:
        raise InvalidInput("DIR-022", f"unknown or read-only authority fields {sorted(unknown)}")
    if "official_name" in changes and not validating:
        raise Forbidden(
            "DIR-023", "the official name can only be changed by the validating coordinator"
        )
    if "email" in changes:
        if not is_valid_email(changes["email"]):
            raise InvalidInput("DIR-137", "the authority e-mail address is not valid")
        if email_in_use:
            raise Conflict("DIR-137", "the e-mail address is already used")
        changes = {**changes, "email": normalize_email(changes["email"])}
    name = changes.get("official_name", authority.official_name)
    region = changes.get("region", authority.region)
    if "official_name" in changes or "region" in changes:
        check_coordinator_name(
            name, (a.admin_role for a in authority.legislative_areas.values()), region
        )
    event = AuthorityDataChanged(
        authority_id=authority.id,
        member_state=authority.member_state,
        changes=dict(changes),
        changed_at=now,
        actor_user_id=actor.user_id,
    )
    return AuthorityChange([event], fields=dict(changes))


def set_la_data(
    authority: AuthorityProfile,
    actor: Actor,
    la_code: str,
    now: datetime,
    *,
    catalog: LegislativeAreaCatalog,
    keywords: Iterable[str] | None = None,
    professions: Iterable[str] | None = None,
    linked_authority_ids: Iterable[str] | None = None,
) -> list[AuthorityDataChanged]:
    """DIR-018: the access coordinator's DAs edit keywords, professions and linked
    authorities; DIR-029 / DIR-124: the LDA edits keywords and professions."""
    area = la(authority, la_code)
    coordinator = is_access_da(authority, la_code, actor) or (
        being_validated(authority) and is_validating_da(authority, actor)
    )
    if not coordinator and not is_lda(authority, actor):
        raise Forbidden("DIR-018", "only the access coordinator or the LDA may edit")
    if linked_authority_ids is not None and not coordinator:
        raise Forbidden("DIR-018", "linked authorities are set by the access coordinator")
    changes: dict[str, list[str]] = {}
    if keywords is not None:
        if area.admin_role.is_horizontal:
            raise Forbidden("DIR-026", "NIMIC/SDIMIC keywords cannot be edited")
        chosen = sorted(set(keywords))
        catalog.check_keywords(la_code, chosen)
        changes["keywords"] = area.keywords = chosen
    if professions is not None:
        changes["professions"] = area.professions = list(professions)
    if linked_authority_ids is not None:
        changes["linked_authority_ids"] = area.linked_authority_ids = list(linked_authority_ids)
    return [
        AuthorityDataChanged(
            authority_id=authority.id,
            member_state=authority.member_state,
            la_code=la_code,
            changes=changes,
            changed_at=now,
            actor_user_id=actor.user_id,
        )
    ]


def set_associated_coordinators(
    authority: AuthorityProfile,
    actor: Actor,
    la_code: str,
    workflow: Workflow,
    coordinators: Iterable[AuthorityProfile],
    now: datetime,
) -> list[AssociatedCoordinatorsChanged]:
    """DIR-027: set by the validating coordinator during validation; afterwards by the
    access coordinator of the LA or by the authority's LDA."""
    access = find_workflow(authority, la_code, workflow)
    if being_validated(authority):
        allowed = is_validating_da(authority, actor) or is_access_da(authority, la_code, actor)
    else:
        allowed = is_access_da(authority, la_code, actor) or is_lda(authority, actor)
    if not allowed:
        raise Forbidden("DIR-027", "not allowed to change associated coordinators")
    ids = check_associated_coordinators(authority, la_code, workflow, coordinators)
    if access.needs_associated_coordinator and not ids and not being_validated(authority):
        raise Conflict("DIR-027", "at least one associated coordinator is needed")
    access.associated_coordinator_ids = ids
    return [
        AssociatedCoordinatorsChanged(
            authority_id=authority.id,
            member_state=authority.member_state,
            la_code=la_code,
            workflow=workflow,
            coordinator_ids=tuple(ids),
            changed_at=now,
            actor_user_id=actor.user_id,
        )
    ]


def set_parameters(
    authority: AuthorityProfile,
    actor: Actor,
    la_code: str,
    workflow: Workflow,
    changes: Mapping[str, bool],
    now: datetime,
) -> list[AuthorityParametersChanged]:
    """DIR-030..DIR-038: per LA and workflow; each parameter group has its own editors."""
    access = find_workflow(authority, la_code, workflow)
    new = updated_parameters(access.parameters, access.role, dict(changes))
    for name in changes:
        if not _may_set_parameter(authority, actor, la_code, PARAMETER_GROUP[name]):
            raise Forbidden(PARAMETER_RULE[name], f"not allowed to change {name}")
    access.parameters = new
    return [
        AuthorityParametersChanged(
            authority_id=authority.id,
            member_state=authority.member_state,
            la_code=la_code,
            workflow=workflow,
            parameters=new.model_dump(),
            changed_at=now,
            actor_user_id=actor.user_id,
        )
    ]


def _may_set_parameter(
    authority: AuthorityProfile, actor: Actor, la_code: str, group: ParameterGroup
) -> bool:
    coordinator = is_access_da(authority, la_code, actor) or (
        being_validated(authority) and is_validating_da(authority, actor)
    )
    itself = actor.is_member_of(authority.id) and (actor.is_local_data_admin or actor.is_data_admin)
    if group is ParameterGroup.AUTHORITY:  # DIR-030..032: never the CA itself
        return coordinator
    if group is ParameterGroup.COORDINATOR:  # DIR-034..037
        return coordinator or itself
    return itself  # DIR-033: the authority's own LDAs (the coordinator itself)
