"""Self-registration with an invitation's code, and its validation or refusal by the validating
coordinator (DIR-073..DIR-080, DIR-098..DIR-101, DIR-071, DIR-072).

The captcha (X-018, DIR-073) is checked by the API before these handlers run. The authority,
its first user and the invitation change in one unit of work; the authority is stored through
`AuthorityRepository` and the user through `UserRepository` (their owners' adapters), validation
and refusal go through the authority handlers' `run_change`.

The first user waits for the validation (DIR-079): at registration it gets an unusable password
hash; at validation the users' `CredentialKit` draws a temporary password, hashed on the user and
sealed into the `user.created` event for the notifier (`adapters.user_events`, DIR-043, DIR-083).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from imi_shared.errors import InvalidInput, NotFound

from ..adapters.authority_repository import AuthorityRepository
from ..adapters.invitation_repository import InvitationRepository
from ..adapters.publisher import publish
from ..adapters.user_events import with_temporary_password
from ..adapters.user_repository import UserRepository
from ..bootstrap import DirectoryContext
from ..domain.actors import Actor
from ..domain.authority import Authority
from ..domain.enums import Workflow
from ..domain.invitation import Invitation, RegistrationCodeRejected
from ..domain.permissions import require_validating_da
from ..domain.registration import AuthorityDetails
from ..domain.self_registration import (
    SelfRegistrationForm,
    complete_self_registration,
    refuse_self_registration,
    validate_self_registration,
)
from ..domain.user_management import UserDetails, propose_username
from ..domain.users import User
from ..domain.validation import normalize_email
from .credential_kit import CredentialKit
from .reference_checks import check_details
from .unit import Outcome, Unit, catalog_of, run_change

UNUSABLE_PASSWORD = "!"  # no hash verifies it: nobody logs in before the validation
_FROZEN = ConfigDict(frozen=True, extra="forbid")


class SelfRegistration(BaseModel):
    """DIR-073 / DIR-074 / DIR-075: code (+ captcha), authority data, ≥1 keyword per invited
    LA, the first user, and the confirmation that the summary was printed or saved."""

    model_config = _FROZEN

    code: str = Field(min_length=1)
    captcha: str = ""
    details: AuthorityDetails
    keywords: dict[str, list[str]] = Field(default_factory=dict)
    first_user: UserDetails
    summary_saved: bool = False


class CoordinatorLink(BaseModel):
    model_config = _FROZEN

    la_code: str
    workflow: Workflow
    coordinator_ids: list[str] = Field(min_length=1)


class Validation(BaseModel):
    """DIR-078 / DIR-099: the associated coordinators designated while validating."""

    model_config = _FROZEN

    associated_coordinators: list[CoordinatorLink] = Field(default_factory=list)


@dataclass(frozen=True)
class Registered:
    authority: Authority
    first_user: User
    invitation: Invitation


async def self_register(
    ctx: DirectoryContext, command: SelfRegistration, *, dry_run: bool = False
) -> Registered:
    """DIR-076 / DIR-098. `dry_run`: check everything and build the summary of DIR-075 (with
    the proposed username), store nothing."""
    check_details(ctx.reference, command.details.model_dump())
    form = SelfRegistrationForm(
        details=command.details,
        first_user=command.first_user,
        keywords={la: tuple(words) for la, words in command.keywords.items()},
        summary_saved=command.summary_saved or dry_run,
    )

    async def work(tx) -> Registered:
        now = ctx.clock()
        invitations, authorities, users = (
            InvitationRepository(tx),
            AuthorityRepository(tx),
            UserRepository(tx),
        )
        invitation = await invitations.by_code(command.code)
        if invitation is None:
            raise RegistrationCodeRejected("the registration code is not valid")
        email = normalize_email(command.details.email)
        email_in_use = await authorities.email_in_use(email) or bool(
            await invitations.open_email_keys([email], except_ids=[invitation.id])
        )
        authority, user, events = complete_self_registration(
            invitation=invitation,
            code=command.code,
            form=form,
            authority_id=str(uuid.uuid4()),
            first_user_id=f"u-{uuid.uuid4().hex}",
            username=await _username(users, command.first_user, invitation.member_state),
            temporary_password_hash=UNUSABLE_PASSWORD,
            catalog=catalog_of(ctx),
            now=now,
            email_in_use=email_in_use,
            first_user_email_in_use=await users.email_in_use(command.first_user.email),
        )
        if not dry_run:
            await authorities.add(authority)
            await users.add(user)
            await invitations.save(invitation)
            await publish(tx, ctx.topics, ctx.sealer, events)
        return Registered(authority, user, invitation)

    return (await ctx.uow.run(work)).value


async def _username(users: UserRepository, details: UserDetails, member_state: str) -> str:
    """DIR-082: the system proposes a unique username."""
    base = propose_username(details.first_name, details.last_name, member_state, lambda _: False)
    taken = await users.usernames_like(base)
    return propose_username(details.first_name, details.last_name, member_state, taken.__contains__)


async def validate(
    ctx: DirectoryContext, kit: CredentialKit, actor: Actor, authority_id: str, command: Validation
) -> Outcome:
    """DIR-071 / DIR-079 / DIR-099 / DIR-101: authority and accesses `active`, invitation
    `authority_validated`, the first user announced with a sealed temporary password."""

    async def waiting_user(tx) -> User | None:
        users = await UserRepository(tx).of_authority(authority_id)
        return next((u for u in users if u.awaiting_validation), None)

    waiting = (await ctx.uow.run(waiting_user)).value
    if waiting is None:
        raise NotFound("DIR-079", "no self-registered first user waits for this validation")
    temporary = await kit.temporary_password(ctx.sealer, waiting.id)  # slow: before the tx

    async def change(unit: Unit, authority: Authority):
        # DIR-099: only the validating coordinator's DAs validate, so refuse anyone else
        # before the associated coordinators they may have sent along (DIR-078).
        require_validating_da(authority, actor, "DIR-099")
        invitations, invitation = await _invitation_of(unit, authority)
        users = UserRepository(unit.tx)
        first_user = await users.get(waiting.id)
        events = []
        for link in command.associated_coordinators:
            found = await unit.authorities.find_many(link.coordinator_ids)
            unknown = [i for i in link.coordinator_ids if i not in found]
            if unknown:
                raise InvalidInput("DIR-027", f"unknown associated coordinators {unknown}")
            events += authority.set_associated_coordinators(
                actor,
                link.la_code,
                link.workflow,
                [found[i] for i in link.coordinator_ids],
                unit.now,
            )
        events += validate_self_registration(
            authority=authority,
            invitation=invitation,
            first_user=first_user,
            actor=actor,
            now=unit.now,
        )
        first_user.password_hash = temporary.hash
        await invitations.save(invitation)
        await users.save(first_user)
        return [with_temporary_password(e, temporary.sealed) for e in events]

    return await run_change(ctx, authority_id, change)


async def refuse(ctx: DirectoryContext, actor: Actor, authority_id: str) -> Outcome:
    """DIR-072 / DIR-080 / DIR-100: authority `registration_refused`, invitation
    `validation_refused`; both stay 6 months (validation still possible, DIR-101)."""

    async def change(unit: Unit, authority: Authority):
        invitations, invitation = await _invitation_of(unit, authority)
        events = refuse_self_registration(
            authority=authority, invitation=invitation, actor=actor, now=unit.now
        )
        await invitations.save(invitation)
        return events

    return await run_change(ctx, authority_id, change)


async def _invitation_of(
    unit: Unit, authority: Authority
) -> tuple[InvitationRepository, Invitation]:
    """The invitation the authority registered with, and the repository that loaded it."""
    if not authority.invitation_id:
        raise NotFound("DIR-076", f"authority {authority.id} did not register by invitation")
    invitations = InvitationRepository(unit.tx)
    return invitations, await invitations.get(authority.invitation_id)
