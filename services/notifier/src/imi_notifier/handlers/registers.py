"""Registers events → N_REG_* messages (NOT-041, NOT-042) to the LDAs of the managing
authority, naming the register (NOT-001); `register_names` keeps each register's name from
`register.added` (the transfer event names none)."""

from __future__ import annotations

from imi_shared.clock import now_utc

from ..adapters import mail_events as mev
from ..adapters.recipients import RecipientBook
from ..domain.notification import Recipient, for_user
from .queueing import queue_notifications

LDA = "local_data_admin"
NAMES = "register_names"


async def _ldas(tx, authority_id: str) -> list[Recipient]:
    users = await RecipientBook(tx).users_with_role(authority_id, [LDA])
    return [Recipient(u.user_id, u.authority_id, u.member_state, u.main_language) for u in users]


async def register_added(ctx, event: mev.RegisterAdded, tx, source_id: str) -> None:
    names = tx.documents(NAMES)
    if await names.get(event.register_id) is None:
        await names.insert({"_id": event.register_id, "version": 1, "name": event.informal_name})


async def register_deleted(ctx, event: mev.RegisterDeleted, tx, source_id: str):
    """NOT-041: all LDAs of the managing authority."""
    now = now_utc(ctx.clock)
    batch = [
        for_user(
            source_id,
            "N_REG_DELETED",
            r,
            now,
            case_type="register",
            case_ref=event.register_id,
            params={"register_name": event.official_name},
        )
        for r in await _ldas(tx, event.managing_authority_id)
    ]
    return await queue_notifications(ctx, tx, batch)


async def managing_authority_changed(ctx, event: mev.ManagingAuthorityChanged, tx, source_id):
    """NOT-042: all LDAs of the new managing authority."""
    known = await tx.documents(NAMES).get(event.register_id)
    name = (known or {}).get("name") or event.register_id
    now = now_utc(ctx.clock)
    batch = [
        for_user(
            source_id,
            "N_REG_MANAGEMENT_TRANSFERRED",
            r,
            now,
            case_type="register",
            case_ref=event.register_id,
            link=f"/registers/{event.register_id}",
            params={"register_name": name},
        )
        for r in await _ldas(tx, event.new_managing_authority_id)
    ]
    return await queue_notifications(ctx, tx, batch)
