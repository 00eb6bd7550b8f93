"""Operators' view of the mail outbox: dead mails (after `mail_max_attempts` failures) and
their requeue. The Commission's helpdesk only (X-003); anyone else gets 403. A row shows ids,
template code, attempts and the error type, never an address (NOT-001)."""

from __future__ import annotations

from imi_shared.auth import Principal
from imi_shared.clock import now_utc
from imi_shared.errors import Conflict, Forbidden, NotFound

from ..adapters.mail_outbox import MailRows
from ..domain import mail_state

LIST_LIMIT = 200


def _operator(principal: Principal) -> None:
    if not principal.is_commission:
        raise Forbidden("X-003", "only the Commission's helpdesk operates the mail outbox")


async def dead_mails(ctx, principal: Principal, status: str = mail_state.DEAD) -> list[dict]:
    """The `dead` mails (or the `undeliverable` ones: no recipient any more, NOT-005)."""
    _operator(principal)
    if status not in (mail_state.DEAD, mail_state.UNDELIVERABLE):
        raise ValueError(status)
    found = await ctx.uow.run(lambda tx: MailRows(tx).with_status(status, LIST_LIMIT))
    return found.value or []


async def requeue(ctx, principal: Principal, notification_id: str) -> dict:
    """A dead (or undeliverable) mail is tried again at the next run, from attempt 1."""
    _operator(principal)
    now = now_utc(ctx.clock)

    async def work(tx) -> dict:
        rows = MailRows(tx)
        row = await rows.get(notification_id)
        if row is None:
            raise NotFound("NOT-001", f"no mail {notification_id!r}")
        try:
            changes = mail_state.requeued(row, now)
        except ValueError as exc:
            raise Conflict("NOT-001", f"mail {notification_id!r} is {row['status']}") from exc
        if not await rows.update(row, changes):
            raise Conflict("NOT-001", f"mail {notification_id!r} changed meanwhile")
        return {**row, **changes}

    return (await ctx.uow.run(work)).value
