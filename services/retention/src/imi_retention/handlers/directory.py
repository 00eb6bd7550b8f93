"""The directory's lifecycle events start the user, authority and invitation schedules
(RET-004..RET-009, RET-031)."""

from __future__ import annotations

from ..adapters import directory_events as d
from ..adapters.read_models import UserEntry, UserRepository
from ..adapters.record_repository import RecordRepository
from ..context import RetentionContext
from ..domain import starts
from ..domain.schedule import RetentionRecord, cancel, record_id
from .closure import schedule_once


async def user_created(ctx: RetentionContext, event: d.UserCreated, tx) -> None:
    repo = UserRepository(tx)
    if await repo.find(event.user_id) is None:
        await repo.add(UserEntry(event.user_id, event.authority_id, event.member_state))


async def user_removed(ctx: RetentionContext, event: d.UserRemoved, tx) -> RetentionRecord | None:
    """RET-004: a removed user's contact data is locked at once (a lock-out is not a removal)."""
    repo = UserRepository(tx)
    entry = await repo.find(event.user_id)
    if entry is not None and not entry.removed:
        entry.removed = True
        await repo.save(entry)
    record = starts.user_locked(
        event.user_id,
        authority_id=event.authority_id,
        member_state=event.member_state,
        reason="user_removed",
        at=event.removed_at,
        periods=ctx.periods,
    )
    return await schedule_once(ctx, tx, record)


async def authority_status_changed(
    ctx: RetentionContext, event: d.AuthorityStatusChanged, tx
) -> list[RetentionRecord]:
    """RET-005 inactive (and every user of it locked, RET-004), RET-006 registration refused;
    back to `active` before the date calls the authority's deletion off."""
    if event.new_status == d.ACTIVE:
        await _call_off(tx, record_id("authority", event.authority_id))
        return []
    if event.new_status not in (d.INACTIVE, d.REFUSED):
        return []
    authority = starts.authority_ended(
        event.authority_id,
        member_state=event.member_state,
        status=event.new_status,
        at=event.changed_at,
        periods=ctx.periods,
    )
    created = [await schedule_once(ctx, tx, authority)]
    if event.new_status == d.INACTIVE:
        for user in await UserRepository(tx).of_authority(event.authority_id):
            record = starts.user_locked(
                user.user_id,
                authority_id=event.authority_id,
                member_state=user.member_state,
                reason="authority_inactive",
                at=event.changed_at,
                periods=ctx.periods,
            )
            created.append(await schedule_once(ctx, tx, record))
    return [r for r in created if r is not None]


async def _call_off(tx, wanted: str) -> None:
    repo = RecordRepository(tx)
    record = await repo.find(wanted)
    if record is not None and not record.pd_deleted and not record.cancelled:
        cancel(record)
        await repo.save(record)


async def invitation_status_changed(
    ctx: RetentionContext, event: d.InvitationStatusChanged, tx
) -> RetentionRecord | None:
    """RET-007 withdrawn, RET-008 authority validated, RET-009 validation refused."""
    if event.new_status not in d.INVITATION_ENDS:
        return None
    record = starts.invitation_ended(
        event.invitation_id,
        coordinator_id=event.coordinator_id,
        member_state=event.member_state,
        status=event.new_status,
        at=event.changed_at,
        periods=ctx.periods,
    )
    return await schedule_once(ctx, tx, record)
