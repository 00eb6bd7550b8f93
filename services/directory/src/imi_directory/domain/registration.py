"""Registration of an authority by a coordinator (DIR-040, DIR-041, DIR-045, DIR-097, DIR-110)
and the data entered at registration, shared with self-registration (DIR-074).

The first user is created separately with `user_management.create_first_user` (DIR-044).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from imi_shared.envelope import Event
from imi_shared.errors import Conflict, Forbidden, InvalidInput

from .actors import Actor
from .authority import Authority
from .enums import (
    AccessStatus,
    AdminRole,
    AuthorityStatus,
    Workflow,
    WorkflowRole,
    coordinator_workflow_role,
)
from .parameters import updated_parameters
from .records import LegislativeAreaAccess, new_workflow_access
from .reference import LegislativeAreaCatalog
from .roles import (
    check_associated_coordinators,
    check_coordinator_name,
    check_inbox_flag,
    check_may_assign_workflow_role,
    check_may_manage,
    check_role_uniqueness,
)
from .timeutil import require_aware
from .validation import is_valid_email, normalize_email


class AuthorityDetails(BaseModel):
    """General data of DIR-022 / DIR-137. `horizontal_competence` None: the default (true for
    NIMIC and SDIMIC, DIR-025)."""

    model_config = ConfigDict(frozen=True)

    official_name: str = Field(min_length=1)
    email: str
    region: str | None = None
    informal_name: str = ""
    informal_name_language: str | None = None
    description: str = ""
    description_language: str | None = None
    spoken_languages: tuple[str, ...] = ()
    address: str = ""
    phone: str = ""
    website: str = ""
    nace_codes: tuple[str, ...] = ()
    policy_area_codes: tuple[str, ...] = ()
    horizontal_competence: bool | None = None


class WorkflowSpec(BaseModel):
    """Workflow access to give: role (default «autorité»), inbox flag, associated
    coordinators (DIR-027) and parameter values differing from the defaults (DIR-045)."""

    model_config = ConfigDict(frozen=True)

    workflow: Workflow
    role: WorkflowRole | None = None
    is_alert_inbox: bool = False
    associated_coordinator_ids: tuple[str, ...] = ()
    parameters: dict[str, bool] = Field(default_factory=dict)


class LegislativeAreaSpec(BaseModel):
    model_config = ConfigDict(frozen=True)

    la_code: str
    admin_role: AdminRole = AdminRole.COMPETENT_AUTHORITY
    keywords: tuple[str, ...] = ()
    professions: tuple[str, ...] = ()
    linked_authority_ids: tuple[str, ...] = ()
    workflows: tuple[WorkflowSpec, ...] = ()


def _with_horizontal_areas(
    areas: Sequence[LegislativeAreaSpec], catalog: LegislativeAreaCatalog
) -> list[LegislativeAreaSpec]:
    """DIR-001: NIMIC and SDIMIC have access to every LA and workflow. LAs and workflows not
    listed are added with the same admin role and the coordinator role of each workflow
    [INFERRED]."""
    horizontal = {a.admin_role for a in areas if a.admin_role.is_horizontal}
    if not horizontal:
        return list(areas)
    if len(horizontal) > 1 or any(a.admin_role not in horizontal for a in areas):
        raise InvalidInput("DIR-001", "a NIMIC or SDIMIC holds that role in every LA")
    role = horizontal.pop()

    def all_workflows(code: str, given: tuple[WorkflowSpec, ...]) -> tuple[WorkflowSpec, ...]:
        present = {w.workflow for w in given}
        return given + tuple(
            WorkflowSpec(workflow=w, role=coordinator_workflow_role(w))
            for w in sorted(catalog.workflows(code))
            if w not in present
        )

    result = [
        a.model_copy(update={"workflows": all_workflows(a.la_code, a.workflows)}) for a in areas
    ]
    given_codes = {a.la_code for a in areas}
    for code in catalog.codes:
        if code not in given_codes:
            result.append(
                LegislativeAreaSpec(
                    la_code=code, admin_role=role, workflows=all_workflows(code, ())
                )
            )
    return result


def register_authority(
    *,
    authority_id: str,
    member_state: str,
    details: AuthorityDetails,
    legislative_areas: Sequence[LegislativeAreaSpec],
    registrar: Authority | None,
    actor: Actor,
    now: datetime,
    catalog: LegislativeAreaCatalog,
    coordinators: Mapping[str, Authority] = {},
    others: Iterable[Authority] = (),
    email_in_use: bool = False,
) -> tuple[Authority, list[Event]]:
    """DIR-040: a coordinator DA registers an authority, which is `active` at once with all
    its accesses `active` (DIR-041, DIR-097, DIR-110). The registrar becomes its validating
    and access coordinator (DIR-019). `coordinators`: the associated coordinators by id;
    `others`: authorities of the MS, for uniqueness (DIR-010, DIR-012).

    `registrar` None: the Commission helpdesk registers a NIMIC [INFERRED: nobody above]."""
    require_aware(now)
    others = list(others)
    if registrar is None:
        if not actor.is_helpdesk or any(
            a.admin_role is not AdminRole.NIMIC for a in legislative_areas
        ):
            raise Forbidden("DIR-040", "only coordinator data administrators register")
    elif not actor.is_da_of(registrar.id):
        raise Forbidden("DIR-040", "only a coordinator's data administrators register")
    areas = _with_horizontal_areas(legislative_areas, catalog)
    if len({a.la_code for a in areas}) != len(areas):
        raise InvalidInput("DIR-038", "each legislative area may be given only once")
    if not areas or not any(a.workflows for a in areas):
        raise InvalidInput("DIR-041", "at least one legislative area and one workflow are needed")
    if not is_valid_email(details.email):
        raise InvalidInput("DIR-137", "the authority e-mail address is not valid")
    if email_in_use:
        raise Conflict("DIR-137", "the e-mail address is already used")
    check_coordinator_name(details.official_name, (a.admin_role for a in areas), details.region)
    horizontal = any(a.admin_role.is_horizontal for a in areas)
    fields = details.model_dump(exclude={"horizontal_competence", "email"})
    authority = Authority(
        id=authority_id,
        member_state=member_state,
        **fields,
        email=normalize_email(details.email),
        status=AuthorityStatus.ACTIVE,
        status_changed_at=now,
        registered_at=now,
        horizontal_competence=(
            details.horizontal_competence
            if details.horizontal_competence is not None
            else horizontal
        ),
        validating_coordinator_id=registrar.id if registrar else None,
    )
    for spec in areas:
        authority.legislative_areas[spec.la_code] = _build_area(
            authority, spec, registrar, catalog, coordinators, others, AccessStatus.ACTIVE, now
        )
    events: list[Event] = [
        authority.registered_event(actor),
        authority.creation_status_event(actor),
    ]
    events += creation_access_events(authority, actor, "register")
    return authority, events


def _build_area(
    authority: Authority,
    spec: LegislativeAreaSpec,
    registrar: Authority | None,
    catalog: LegislativeAreaCatalog,
    coordinators: Mapping[str, Authority],
    others: list[Authority],
    status: AccessStatus,
    now: datetime,
) -> LegislativeAreaAccess:
    catalog.get(spec.la_code)
    region = None
    if registrar is not None:
        acting = check_may_manage(registrar, spec.la_code, spec.admin_role, authority.member_state)
        if spec.admin_role is AdminRole.LIMIC and acting is AdminRole.SDIMIC:
            region = registrar.region
    check_role_uniqueness(
        authority_id=authority.id,
        member_state=authority.member_state,
        la_code=spec.la_code,
        role=spec.admin_role,
        coordination_region=region,
        others=others,
    )
    if spec.admin_role.is_horizontal:
        keywords = sorted(catalog.keywords(spec.la_code))  # DIR-026
    else:
        keywords = sorted(set(spec.keywords))
        catalog.check_keywords(spec.la_code, keywords)
    la = LegislativeAreaAccess(
        la_code=spec.la_code,
        admin_role=spec.admin_role,
        status=status,
        access_coordinator_id=registrar.id if registrar else None,
        coordination_region=region,
        keywords=keywords,
        professions=list(spec.professions),
        linked_authority_ids=list(spec.linked_authority_ids),
        status_changed_at=now,
    )
    authority.legislative_areas[spec.la_code] = la  # visible to the associated-coordinator check
    for flow in spec.workflows:
        catalog.check_pair(spec.la_code, flow.workflow)
        if flow.workflow in la.workflows:
            raise InvalidInput("DIR-038", f"the {flow.workflow} workflow is given twice")
        access = new_workflow_access(
            flow.workflow, status, now, flow.role, is_alert_inbox=flow.is_alert_inbox
        )
        if registrar is not None:
            check_may_assign_workflow_role(
                registrar, spec.la_code, access.role, flow.is_alert_inbox, authority.member_state
            )
        check_inbox_flag(access.role, flow.is_alert_inbox)
        unknown = [i for i in flow.associated_coordinator_ids if i not in coordinators]
        if unknown:
            raise InvalidInput("DIR-027", f"unknown associated coordinators {unknown}")
        access.associated_coordinator_ids = check_associated_coordinators(
            authority,
            spec.la_code,
            flow.workflow,
            [coordinators[i] for i in flow.associated_coordinator_ids],
        )
        if (
            status is AccessStatus.ACTIVE
            and access.needs_associated_coordinator
            and not access.associated_coordinator_ids
        ):
            raise Conflict(
                "DIR-027", f"{spec.la_code}/{flow.workflow} needs an associated coordinator"
            )
        access.parameters = updated_parameters(
            access.parameters, access.role, flow.parameters, at_registration=True
        )
        la.workflows[flow.workflow] = access
    return la


def creation_access_events(authority: Authority, actor: Actor | None, action: str) -> list[Event]:
    events: list[Event] = []
    for la in authority.legislative_areas.values():
        events.append(
            authority.access_event(
                la.la_code, None, None, la.status, authority.registered_at, actor, action
            )
        )
        for access in la.workflows.values():
            events.append(
                authority.access_event(
                    la.la_code,
                    access.workflow,
                    None,
                    access.status,
                    authority.registered_at,
                    actor,
                    action,
                )
            )
    return events
