"""The Commission helpdesk on invitations (DIR-053, DIR-054, DIR-063, DIR-064): block those
submitted by mistake, unblock those blocked once the coordinator confirmed. An unblocked
invitation goes out in the next nightly run: the night batch announces it then (`announce`)."""

from __future__ import annotations

from ..adapters.publisher import publish
from ..bootstrap import DirectoryContext
from ..domain.actors import Actor
from ..domain.dispatch import next_nightly_run
from ..domain.events import InvitationDispatchDue
from ..domain.invitation import Invitation
from .invitations import in_unit


async def block(ctx: DirectoryContext, actor: Actor, invitation_id: str) -> Invitation:
    """DIR-054 / DIR-063: only while `submitted`."""

    async def work(tx, invitations, now):
        invitation = await invitations.get(invitation_id)
        events = invitation.block(actor, now)
        await invitations.save(invitation)
        await publish(tx, ctx.topics, ctx.sealer, events)
        return invitation

    return await in_unit(ctx, work)


async def unblock(ctx: DirectoryContext, actor: Actor, invitation_id: str) -> Invitation:
    """DIR-064: `sent_awaiting_registration`, sent in the next nightly run."""

    async def work(tx, invitations, now):
        invitation = await invitations.get(invitation_id)
        events = invitation.unblock(actor, now, dispatch_at=next_nightly_run(now))
        await invitations.save(invitation)
        await publish(
            tx,
            ctx.topics,
            ctx.sealer,
            [e for e in events if not isinstance(e, InvitationDispatchDue)],
        )
        return invitation

    return await in_unit(ctx, work)
