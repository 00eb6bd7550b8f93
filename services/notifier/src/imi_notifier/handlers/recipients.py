"""Directory events → the recipients read model (X-053): roles, statuses, authority e-mail,
spoken languages and allocation, so routing never calls the directory at send time.

The authority's e-mail arrives sealed under `authority:<id>`; it is unsealed here only and
kept in the read model (NOT-001, NOT-002). A shredded key (RET-005) leaves no address.
"""

from __future__ import annotations

from imi_shared.sealing import KeyShredded, SealedValue, Sealer

from ..adapters import recipient_events as ev
from ..adapters.directory_events import AuthorityStatusChanged, UserCreated
from ..adapters.recipients import RecipientBook
from ..domain.parties import ACTIVE, Role

REMOVED, LOCKED = "removed", "locked"


def _where(event) -> dict[str, str]:
    """A user first seen by a later event (created before this read model) is still found
    by its authority."""
    return {"authority_id": event.authority_id, "member_state": event.member_state}


def _roles(assignments) -> list[Role]:
    return [Role(a.role, a.la_code, a.workflow) for a in assignments]


async def user_created(ctx, event: UserCreated, tx) -> None:
    """The user's rights (its e-mail and language: `handlers.directory.user_created`)."""
    book = RecipientBook(tx)
    await book.put_roles(event.user_id, _roles(event.roles), **_where(event))
    await book.put_user_status(event.user_id, ACTIVE)


async def user_roles_changed(ctx, event: ev.UserRolesChanged, tx) -> None:
    """A role taken away is a right withdrawn: routing by role stops at once (NOT-005)."""
    await RecipientBook(tx).put_roles(event.user_id, _roles(event.roles), **_where(event))


async def user_removed(ctx, event: ev.UserRemoved, tx) -> None:
    await RecipientBook(tx).put_user_status(event.user_id, REMOVED)  # NOT-005


async def user_locked_out(ctx, event: ev.UserLockedOut, tx) -> None:
    book = RecipientBook(tx)
    found = await book.user(event.user_id)
    if found is None or found.status != REMOVED:
        await book.put_user_status(event.user_id, LOCKED)  # NOT-005


async def user_credentials_reset(ctx, event: ev.UserCredentialsReset, tx) -> None:
    """DIR-095: a reset lifts a lock-out; a removed user stays removed."""
    book = RecipientBook(tx)
    found = await book.user(event.user_id)
    if found is not None and found.status == LOCKED:
        await book.put_user_status(event.user_id, ACTIVE)


async def authority_registered(ctx, event: ev.AuthorityRegistered, tx) -> None:
    contact = await _unseal(ctx.sealer, event.contact)
    await RecipientBook(tx).put_authority(
        event.authority_id,
        member_state=event.member_state,
        status=event.status,
        email=contact.get("email"),
    )


async def authority_data_changed(ctx, event: ev.AuthorityDataChanged, tx) -> None:
    """NOT-002: a new registered e-mail, or new spoken languages (first = copy language)."""
    if event.la_code is not None:
        return  # LA data: nothing routing reads
    fields: dict[str, object] = {"member_state": event.member_state}
    languages = event.changes.get(ev.LANGUAGES)
    if isinstance(languages, list):
        fields["languages"] = [str(code).lower() for code in languages]
        fields["language"] = fields["languages"][0] if languages else None  # the mailer's
    if event.sealed_contact is not None:
        contact = await _unseal(ctx.sealer, event.sealed_contact)
        if "email" in contact:
            fields["email"] = contact["email"]
    await RecipientBook(tx).put_authority(event.authority_id, **fields)


async def authority_parameters_changed(ctx, event: ev.AuthorityParametersChanged, tx) -> None:
    """DIR-033: allocation on or off per LA (NOT-007, NOT-009)."""
    if event.workflow != ev.REQUESTS_WORKFLOW:
        return
    on = bool(event.parameters.get(ev.ALLOCATION, False))
    await RecipientBook(tx).put_allocation(event.authority_id, event.la_code, on)


async def authority_access_changed(ctx, event: ev.AccessChanged, tx) -> None:
    """NOT-005: an access removed withdraws the authority's rights in that LA / workflow."""
    status = event.new_status or "removed"  # a refused request leaves no access (DIR-113)
    await RecipientBook(tx).put_access(event.authority_id, event.la_code, event.workflow, status)


async def authority_status_changed(ctx, event: AuthorityStatusChanged, tx) -> None:
    await RecipientBook(tx).put_authority(
        event.authority_id, member_state=event.member_state, status=event.new_status
    )


async def authority_deleted(ctx, event: ev.AuthorityDeleted, tx) -> None:
    await RecipientBook(tx).put_authority(event.authority_id, deleted=True, email=None)


async def _unseal(sealer: Sealer, sealed: SealedValue) -> dict:
    try:
        value = await sealer.unseal(sealed)
    except KeyShredded:
        return {}  # the authority's contact data was erased (RET-005): no address
    return value if isinstance(value, dict) else {}
