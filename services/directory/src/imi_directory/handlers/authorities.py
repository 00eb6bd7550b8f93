"""Authority commands: registration by a coordinator (DIR §3.5), status changes (DIR §3.10),
data editing (DIR §3.3, §3.4) and coordinator-function reassignment (DIR-019).

Each handler runs load → domain → save → emit in one unit of work (`unit.py`). `also`
parameters let another handler add its own work to the same transaction (e.g. the first
user at registration, the invitation at validation).
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from imi_shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from imi_shared.participants import UnknownParticipant, check_participant

from ..adapters.authority_repository import AuthorityRepository
from ..bootstrap import DirectoryContext
from ..domain.actors import Actor
from ..domain.authority import INACTIVE_RETENTION_MONTHS, Authority
from ..domain.enums import AuthorityStatus
from ..domain.registration import register_authority as register
from ..domain.timeutil import add_months
from . import registrations
from .commands import (
    ReassignCoordinator,
    RegisterAuthority,
    SetAssociatedCoordinators,
    SetParameters,
    UpdateAuthorityData,
    UpdateLegislativeAreaData,
)
from .credential_kit import CredentialKit
from .reference_checks import check_details, checked_workflow
from .unit import Also, Outcome, Unit, catalog_of, run_change, run_delete, run_new

PURGEABLE = (AuthorityStatus.REGISTRATION_REFUSED, AuthorityStatus.INACTIVE)


class StatusAction(StrEnum):
    """DIR-099..DIR-105: the status actions a user takes (DIR-102/106 are the system's)."""

    VALIDATE = "validate"
    REFUSE_REGISTRATION = "refuse_registration"
    SUSPEND = "suspend"
    REACTIVATE = "reactivate"
    SET_INACTIVE = "set_inactive"


_REGISTRATION_ACTIONS = (StatusAction.VALIDATE, StatusAction.REFUSE_REGISTRATION)


async def register_authority(
    ctx: DirectoryContext,
    actor: Actor,
    command: RegisterAuthority,
    *,
    authority_id: str | None = None,
    also: Also | None = None,
) -> Outcome:
    """DIR-040 / DIR-041 / DIR-097: a coordinator DA registers an active authority."""
    catalog = catalog_of(ctx)
    check_details(ctx.reference, command.details.model_dump())

    async def create(unit: Unit):
        registrar = await unit.coordinator_of(actor)
        if registrar is None and not actor.is_helpdesk:
            raise Forbidden("DIR-040", "only coordinator data administrators register")
        member_state = _member_state(
            command.member_state or (registrar.member_state if registrar else None)
        )
        wanted = {
            i
            for la in command.legislative_areas
            for flow in la.workflows
            for i in flow.associated_coordinator_ids
        }
        return register(
            authority_id=authority_id or str(uuid.uuid4()),
            member_state=member_state,
            details=command.details,
            legislative_areas=command.legislative_areas,
            registrar=registrar,
            actor=actor,
            now=unit.now,
            catalog=catalog,
            coordinators=await unit.authorities.find_many(wanted),
            others=await unit.others_of(member_state),
            email_in_use=await unit.authorities.email_in_use(command.details.email),
        )

    return await run_new(ctx, create, also=also)


def _member_state(code: str | None) -> str:
    if not code:
        raise InvalidInput("X-001", "the member state of the authority is required")
    try:
        return check_participant(code)
    except UnknownParticipant as exc:
        raise InvalidInput("X-001", str(exc).removeprefix("X-001: ")) from None


async def change_status(
    ctx: DirectoryContext,
    actor: Actor,
    authority_id: str,
    action: StatusAction,
    *,
    also: Also | None = None,
    kit: CredentialKit | None = None,
    validation: registrations.Validation | None = None,
) -> Outcome:
    """DIR-099..DIR-105 (preconditions in the aggregate; DIR-105 counts the open cases).

    Validating or refusing a SELF-REGISTERED authority is the registration's business: it goes
    to `registrations.validate` / `registrations.refuse`, so that its invitation becomes
    `authority_validated` / `validation_refused` (DIR-071, DIR-072, DIR-080) and its waiting
    first user gets the user e-mails (DIR-079), exactly as through /registrations/{id}/...
    `kit` draws the first user's temporary password; `validation` designates associated
    coordinators while validating (DIR-078), only for a self-registration."""
    if action in _REGISTRATION_ACTIONS and also is None:
        found = (await ctx.uow.run(lambda tx: AuthorityRepository(tx).find(authority_id))).value
        if found is not None and found.self_registered and found.invitation_id:
            if action is StatusAction.VALIDATE:
                return await registrations.validate(
                    ctx,
                    kit or CredentialKit(),
                    actor,
                    authority_id,
                    validation or registrations.Validation(),
                )
            return await registrations.refuse(ctx, actor, authority_id)
    if validation is not None and validation.associated_coordinators:
        raise InvalidInput(
            "DIR-078",
            "associated coordinators are designated here only while "
            "validating a self-registration; otherwise set them with "
            "PUT .../{workflow}/associated-coordinators (DIR-027)",
        )

    async def change(unit: Unit, authority: Authority):
        if action is StatusAction.SET_INACTIVE:
            open_cases = await unit.open_cases.count(authority.id)
            return authority.set_inactive(actor, unit.now, open_cases=open_cases)
        return getattr(authority, action.value)(actor, unit.now)

    return await run_change(ctx, authority_id, change, also=also)


async def purge_authority(ctx: DirectoryContext, authority_id: str) -> Outcome:
    """DIR-102 / DIR-106 (system): delete a refused registration or an inactive authority
    6 months after its last status change."""

    async def change(unit: Unit, authority: Authority):
        return authority.purge(unit.now)

    return await run_delete(ctx, authority_id, change)


async def purge_due_authorities(ctx: DirectoryContext) -> list[str]:
    """DIR-102 / DIR-106: purge every refused registration and inactive authority whose 6
    months have passed (a periodic system task). Returns the purged ids."""
    cutoff = add_months(ctx.clock(), -INACTIVE_RETENTION_MONTHS)
    candidates = (
        await ctx.uow.run(lambda tx: AuthorityRepository(tx).ids_in_status_since(PURGEABLE, cutoff))
    ).value
    purged = []
    for authority_id in candidates:
        try:
            await purge_authority(ctx, authority_id)
        except (NotFound, Conflict):  # changed or purged meanwhile
            continue
        purged.append(authority_id)
    return purged


async def update_data(
    ctx: DirectoryContext,
    actor: Actor,
    authority_id: str,
    command: UpdateAuthorityData,
    *,
    expected_version: int | None = None,
) -> Outcome:
    """DIR-017 / DIR-023 / DIR-029: general data; the official name only by the validating
    coordinator. `expected_version` (If-Match) refuses an edit of a stale copy."""
    changes = command.changes()
    check_details(ctx.reference, changes)

    async def change(unit: Unit, authority: Authority):
        in_use = "email" in changes and await unit.authorities.email_in_use(
            str(changes["email"]), except_id=authority.id
        )
        return authority.update_details(actor, unit.now, changes, email_in_use=in_use)

    return await run_change(ctx, authority_id, change, expected_version=expected_version)


async def update_la_data(
    ctx: DirectoryContext,
    actor: Actor,
    authority_id: str,
    la_code: str,
    command: UpdateLegislativeAreaData,
) -> Outcome:
    """DIR-018 / DIR-026 / DIR-029 / DIR-124: keywords, professions, linked authorities."""
    catalog = catalog_of(ctx)
    catalog.get(la_code)

    async def change(unit: Unit, authority: Authority):
        return authority.set_la_data(
            actor,
            la_code,
            unit.now,
            catalog=catalog,
            keywords=command.keywords,
            professions=command.professions,
            linked_authority_ids=command.linked_authority_ids,
        )

    return await run_change(ctx, authority_id, change)


async def set_associated_coordinators(
    ctx: DirectoryContext,
    actor: Actor,
    authority_id: str,
    la_code: str,
    workflow: str,
    command: SetAssociatedCoordinators,
) -> Outcome:
    """DIR-027: request/alert coordinators of the same MS linked to the authority."""
    flow = checked_workflow(catalog_of(ctx), la_code, workflow)

    async def change(unit: Unit, authority: Authority):
        found = await unit.authorities.find_many(command.coordinator_ids)
        unknown = [i for i in command.coordinator_ids if i not in found]
        if unknown:
            raise InvalidInput("DIR-027", f"unknown associated coordinators {unknown}")
        return authority.set_associated_coordinators(
            actor, la_code, flow, [found[i] for i in command.coordinator_ids], unit.now
        )

    return await run_change(ctx, authority_id, change)


async def set_parameters(
    ctx: DirectoryContext,
    actor: Actor,
    authority_id: str,
    la_code: str,
    workflow: str,
    command: SetParameters,
) -> Outcome:
    """DIR-030..DIR-038: per LA and workflow; each parameter has its own editors."""
    flow = checked_workflow(catalog_of(ctx), la_code, workflow)

    async def change(unit: Unit, authority: Authority):
        return authority.set_parameters(actor, la_code, flow, command.parameters, unit.now)

    return await run_change(ctx, authority_id, change)


async def reassign_validating_coordinator(
    ctx: DirectoryContext, actor: Actor, authority_id: str, command: ReassignCoordinator
) -> Outcome:
    """DIR-019 / DIR-020."""

    async def change(unit: Unit, authority: Authority):
        new = await unit.authorities.get(command.coordinator_id)
        return authority.reassign_validating_coordinator(actor, new, unit.now)

    return await run_change(ctx, authority_id, change)


async def reassign_access_coordinator(
    ctx: DirectoryContext,
    actor: Actor,
    authority_id: str,
    la_code: str,
    command: ReassignCoordinator,
) -> Outcome:
    """DIR-019 / DIR-020 / DIR-014."""
    catalog_of(ctx).get(la_code)

    async def change(unit: Unit, authority: Authority):
        new = await unit.authorities.get(command.coordinator_id)
        return authority.reassign_access_coordinator(actor, la_code, new, unit.now)

    return await run_change(ctx, authority_id, change)
