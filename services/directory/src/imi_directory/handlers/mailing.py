"""Coordinator mailings (DIR-135, NOT-040): a coordinator's data administrator e-mails, through
IMI, a selected list of authorities of its member state -- by default those it registered or
is linked to (`domain.policies.is_default_mailing_target`), extended by a search of any other
competent authority of the state. The text is a predefined template the DA edited, or free.

The directory only records the fact: `coordinator.mailing_sent` names the authorities and
carries the subject and body sealed under `mailing:<id>` (RET-004: free text may name an
official); the notifier mails each authority's registered address (NOT-002, NOT-040).

Rights first: only coordinator DAs (DIR-135, 403); an authority absent, of another member
state, or not visible to the DA (awaiting validation elsewhere, DIR-077) is one answer: 404.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from imi_shared.errors import Forbidden, NotFound

from ..adapters.authority_repository import AuthorityRepository
from ..adapters.publisher import publish
from ..bootstrap import DirectoryContext
from ..domain.actors import Actor
from ..domain.events import CoordinatorMailingSent
from ..domain.policies import may_view
from ..domain.profile import is_coordinator
from .invitations import new_id

MAX_AUTHORITIES = 500
AuthorityId = Annotated[str, Field(min_length=1, max_length=100)]


class SendMailing(BaseModel):
    """DIR-135: the selected authorities and the (edited template or free) text."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    authority_ids: list[AuthorityId] = Field(min_length=1, max_length=MAX_AUTHORITIES)
    subject: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=5000)

    def targets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.authority_ids))


async def send_mailing(
    ctx: DirectoryContext, actor: Actor, command: SendMailing
) -> CoordinatorMailingSent:
    """DIR-135 / NOT-040: one `coordinator.mailing_sent` for all the selected authorities."""
    if not actor.is_data_admin or not actor.authority_id:
        raise Forbidden("DIR-135", "only a coordinator's data administrators send mailings")
    targets = command.targets()

    async def work(tx) -> CoordinatorMailingSent:
        repo = AuthorityRepository(tx)
        coordinator = await repo.find(actor.authority_id or "")
        if coordinator is None or not is_coordinator(coordinator):
            raise Forbidden("DIR-135", "only a coordinator's data administrators send mailings")
        for authority_id in targets:
            target = await repo.find(authority_id)
            if (
                target is None
                or target.id == coordinator.id
                or target.member_state != coordinator.member_state
                or not may_view(target, actor)
            ):
                raise NotFound("DIR-135", f"no authority {authority_id!r} in your member state")
        event = CoordinatorMailingSent(
            mailing_id=new_id(),
            coordinator_id=coordinator.id,
            member_state=coordinator.member_state,
            authority_ids=targets,
            subject=command.subject,
            body=command.body,
            sent_at=ctx.clock(),
            actor_user_id=actor.user_id,
        )
        await publish(tx, ctx.topics, ctx.sealer, [event])
        return event

    return (await ctx.uow.run(work)).value
