"""Invitation commands of coordinator DAs (DIR §3.6): drafts, single or from the bulk
spreadsheet (DIR-049), edit and bulk edit (DIR-050), submission with its immediate report and
the daily limit (DIR-051..DIR-053, DIR-061, DIR-062), withdrawal (DIR-069), the list (DIR-056).

Each command is one unit of work: load → domain → save → queue the domain's events. The
night batch (dispatch, reminder, expiry) is in `invitation_batch.py`; self-registration and
its validation in `registrations.py`.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, time
from typing import TypeVar

from imi_shared.errors import Forbidden
from imi_shared.mongo import Transaction

from ..adapters import authority_repository
from ..adapters.authority_repository import AuthorityRepository
from ..adapters.invitation_repository import InvitationRepository
from ..adapters.publisher import publish
from ..bootstrap import DirectoryContext
from ..domain.actors import Actor
from ..domain.authority import Authority
from ..domain.events import InvitationDispatchDue
from ..domain.invitation import Invitation
from ..domain.invitation_batch import (
    SubmissionReport,
    bulk_edit,
    create_bulk_drafts,
    submit_invitations,
)
from ..domain.timeutil import at_local_time, local_date
from ..domain.validation import is_valid_email, normalize_email
from .invitation_commands import BulkEdit, DraftInvitation, EditInvitation, Submission
from .unit import catalog_of

T = TypeVar("T")


def new_id() -> str:
    return str(uuid.uuid4())


async def in_unit(
    ctx: DirectoryContext,
    work: Callable[[Transaction, InvitationRepository, datetime], Awaitable[T]],
) -> T:
    """Run `work(tx, invitations, now)` in one unit of work; `now` from the context's clock."""

    async def run(tx: Transaction) -> T:
        return await work(tx, InvitationRepository(tx), ctx.clock())

    return (await ctx.uow.run(run)).value


async def coordinator_of(tx: Transaction, actor: Actor) -> Authority:
    """DIR-046: invitations are the business of coordinator DAs (the helpdesk has none)."""
    if not actor.is_user or not actor.authority_id:
        raise Forbidden("DIR-046", "only coordinator data administrators invite")
    return await AuthorityRepository(tx).get(actor.authority_id)


async def create_draft(ctx: DirectoryContext, actor: Actor, command: DraftInvitation) -> Invitation:
    async def work(tx, invitations, now):
        invitation, events = Invitation.create(
            invitation_id=new_id(),
            actor=actor,
            coordinator=await coordinator_of(tx, actor),
            now=now,
            catalog=catalog_of(ctx),
            **dict(command),
        )
        await invitations.add(invitation)
        await publish(tx, ctx.topics, ctx.sealer, events)
        return invitation

    return await in_unit(ctx, work)


async def create_bulk(
    ctx: DirectoryContext, actor: Actor, rows: Sequence[tuple[str, str]]
) -> list[Invitation]:
    """DIR-049: one draft per spreadsheet row, all or none."""

    async def work(tx, invitations, now):
        drafts, events = create_bulk_drafts(
            rows=rows,
            invitation_ids=[new_id() for _ in rows],
            actor=actor,
            coordinator=await coordinator_of(tx, actor),
            now=now,
            catalog=catalog_of(ctx),
        )
        await invitations.add_many(drafts)
        await publish(tx, ctx.topics, ctx.sealer, events)
        return drafts

    return await in_unit(ctx, work)


async def edit(
    ctx: DirectoryContext, actor: Actor, invitation_id: str, command: EditInvitation
) -> Invitation:
    async def work(tx, invitations, now):
        invitation = await invitations.get(invitation_id)
        events = invitation.edit(
            actor, await coordinator_of(tx, actor), now, catalog=catalog_of(ctx), **dict(command)
        )
        await invitations.save(invitation)
        await publish(tx, ctx.topics, ctx.sealer, events)
        return invitation

    return await in_unit(ctx, work)


async def edit_in_bulk(ctx: DirectoryContext, actor: Actor, command: BulkEdit) -> list[Invitation]:
    async def work(tx, invitations, now):
        selected = await invitations.get_many(command.ids)
        events = bulk_edit(
            selected,
            actor=actor,
            coordinator=await coordinator_of(tx, actor),
            now=now,
            catalog=catalog_of(ctx),
            personal_message=command.personal_message,
            la_workflows=command.la_workflows,
        )
        await invitations.save_many(selected)
        await publish(tx, ctx.topics, ctx.sealer, events)
        return selected

    return await in_unit(ctx, work)


async def delete(ctx: DirectoryContext, actor: Actor, invitation_id: str) -> None:
    """DIR-058 (draft) / DIR-056 (withdrawn, before the automatic deletion)."""

    async def work(tx, invitations, now):
        invitation = await invitations.get(invitation_id)
        events = invitation.delete(actor, now)
        await invitations.delete(invitation)
        await publish(tx, ctx.topics, ctx.sealer, events)

    await in_unit(ctx, work)


async def withdraw(ctx: DirectoryContext, actor: Actor, invitation_id: str) -> Invitation:
    """DIR-069: the code is invalidated."""

    async def work(tx, invitations, now):
        invitation = await invitations.get(invitation_id)
        events = invitation.withdraw(actor, now)
        await invitations.save(invitation)
        await publish(tx, ctx.topics, ctx.sealer, events)
        return invitation

    return await in_unit(ctx, work)


async def submit(
    ctx: DirectoryContext, actor: Actor, command: Submission, rng: random.Random | None = None
) -> SubmissionReport:
    """DIR-051..DIR-053, DIR-061, DIR-062, DIR-068: validate at once, report the counts, block
    beyond 100 a day. The dispatch e-mail is the night batch's business (see module doc)."""
    rng = rng or random.SystemRandom()

    async def work(tx, invitations, now):
        selected = await invitations.get_many(command.ids)
        coordinator_id = actor.authority_id or ""
        day = local_date(now)
        await invitations.lock_submission_day(coordinator_id, day)
        batch = {i.id for i in selected}
        earlier = [
            i
            for i in await invitations.submitted_since(coordinator_id, at_local_time(day, time(0)))
            if i.id not in batch
        ]
        statuses = {i.id: i.status for i in earlier}
        in_use = await emails_in_use(tx, invitations, selected)
        report, events = submit_invitations(
            selected,
            actor=actor,
            now=now,
            email_in_use=lambda i: i.id in in_use,
            rng=rng,
            submitted_today=earlier,
        )
        await invitations.save_many(
            [*selected, *(i for i in earlier if i.status != statuses[i.id])]
        )
        await publish(
            tx,
            ctx.topics,
            ctx.sealer,
            [e for e in events if not isinstance(e, InvitationDispatchDue)],
        )
        return report

    return await in_unit(ctx, work)


async def emails_in_use(
    tx: Transaction, invitations: InvitationRepository, selected: Sequence[Invitation]
) -> set[str]:
    """DIR-051: ids of the selected invitations whose e-mail a registered authority, another
    accepted invitation, or an earlier valid invitation of the same batch already uses."""
    keys = {i.id: normalize_email(i.email) for i in selected}
    taken = await invitations.open_email_keys(keys.values(), except_ids=keys)
    cursor = tx.db[authority_repository.COLLECTION].find(
        {"email": {"$in": sorted(set(keys.values()))}}, {"email": 1}, session=tx.session
    )
    taken |= {d["email"] async for d in cursor}
    in_use: set[str] = set()
    for invitation in selected:
        key = keys[invitation.id]
        if key in taken:
            in_use.add(invitation.id)
        elif invitation.la_workflows and is_valid_email(invitation.email):
            taken.add(key)  # the first valid one of the batch takes the address
    return in_use


async def listed(
    ctx: DirectoryContext,
    actor: Actor,
    *,
    statuses: Sequence[str] = (),
    coordinator_id: str | None = None,
) -> list[Invitation]:
    """DIR-048 / DIR-056: a coordinator's DAs see its invitations still listed; the helpdesk
    names the coordinator."""
    if actor.is_helpdesk and coordinator_id:
        wanted = coordinator_id
    elif actor.is_da_of(actor.authority_id) and coordinator_id in (None, actor.authority_id):
        wanted = actor.authority_id
    else:
        raise Forbidden("DIR-046", "only the coordinator's data administrators see its invitations")

    async def work(tx, invitations, now):
        return await invitations.listed(wanted, now, statuses)

    return await in_unit(ctx, work)
