"""Handler-test helpers: a context on the kernel's fakes, and each source event as its producer
sends it, consumed through the same handler the bus calls (idempotent unit of work)."""

from __future__ import annotations

from datetime import datetime

from imi_retention.adapters import alerts_events as al
from imi_retention.adapters import directory_events as d
from imi_retention.adapters import requests_events as rq
from imi_retention.context import RetentionContext
from imi_retention.handlers import closure, directory
from imi_retention.settings import RetentionSettings
from imi_shared.envelope import Envelope
from imi_shared.sealing import Sealer
from imi_testkit import FakeClock, FakeUnitOfWork
from imi_testkit.keys import InMemoryKeyStore


def context(now: datetime, **settings) -> RetentionContext:
    keys = InMemoryKeyStore()
    ctx = RetentionContext(RetentionSettings(**settings), FakeUnitOfWork(), FakeClock(now))
    ctx.shredder = Sealer(keys, cache_ttl=0)
    ctx.keys = keys  # type: ignore[attr-defined]  (the tests look at the shredded ids)
    return ctx


async def _run(ctx, event, member_state, handler, at: datetime):
    envelope = Envelope.wrap(event, producer="test", member_state=member_state, occurred_at=at)
    outcome = await ctx.uow.run(
        lambda tx: handler(envelope, tx), consumed=envelope, consumer="retention-test"
    )
    return outcome.value


async def request_status(
    ctx, request_id, status, at, la_code="services", ms="FR", auth="FR-A", others=("DE-B",)
):
    event = rq.RequestStatusChanged(
        request_id=request_id,
        la_code=la_code,
        requesting_authority_id=auth,
        requesting_member_state=ms,
        new_status=status,
        authority_ids=[auth, *others],
    )
    return await _run(
        ctx, event, ms, lambda e, tx: closure.request_status_changed(ctx, event, at, tx), at
    )


async def request_deleted(ctx, request_id, at, ms="FR"):
    event = rq.RequestDeleted(
        request_id=request_id,
        la_code="services",
        requesting_authority_id="FR-A",
        requesting_member_state=ms,
    )
    return await _run(ctx, event, ms, lambda e, tx: closure.request_deleted(ctx, event, at, tx), at)


async def report_generated(ctx, report_id, request_id, at, personal_data=True, ms="FR"):
    event = rq.RequestReportGenerated(
        report_id=report_id, request_id=request_id, personal_data=personal_data
    )
    return await _run(
        ctx, event, ms, lambda e, tx: closure.report_generated(ctx, event, at, ms, tx), at
    )


async def alert_status(ctx, alert_id, status, at, ms="DE", auth="DE-A", notify=()):
    event = al.AlertStatusChanged(
        alert_id=alert_id,
        new_status=status,
        occurred_at=at,
        actor={"authority_id": auth},
        notify_authority_ids=list(notify),
    )
    return await _run(
        ctx, event, ms, lambda e, tx: closure.alert_status_changed(ctx, event, ms, tx), at
    )


async def user_created(ctx, user_id, authority_id, at, ms="FR"):
    event = d.UserCreated(user_id=user_id, authority_id=authority_id, member_state=ms)
    return await _run(ctx, event, ms, lambda e, tx: directory.user_created(ctx, event, tx), at)


async def user_removed(ctx, user_id, authority_id, at, ms="FR"):
    event = d.UserRemoved(
        user_id=user_id, authority_id=authority_id, member_state=ms, removed_at=at
    )
    return await _run(ctx, event, ms, lambda e, tx: directory.user_removed(ctx, event, tx), at)


async def authority_status(ctx, authority_id, status, at, ms="FR"):
    event = d.AuthorityStatusChanged(
        authority_id=authority_id, member_state=ms, new_status=status, changed_at=at
    )
    return await _run(
        ctx, event, ms, lambda e, tx: directory.authority_status_changed(ctx, event, tx), at
    )


async def invitation_status(ctx, invitation_id, status, at, ms="FR", coordinator="FR-C"):
    event = d.InvitationStatusChanged(
        invitation_id=invitation_id,
        coordinator_id=coordinator,
        member_state=ms,
        new_status=status,
        changed_at=at,
    )
    return await _run(
        ctx, event, ms, lambda e, tx: directory.invitation_status_changed(ctx, event, tx), at
    )


def records(ctx) -> dict:
    return ctx.uow.collections.get("retention_records", {})
