"""Helpers of the invitation app tests (test_invitations_*.py): the app (test credential kit,
invitation indexes, optional periodic batch), a French NIMIC as the inviting coordinator, drafts
and submissions over HTTP, events read back from the outbox as the relay will publish them."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime

from support import directory_app, seed_nimic

from imi_directory.adapters import invitation_repository
from imi_directory.adapters.invitation_repository import InvitationRepository
from imi_directory.handlers.credential_kit import CredentialKit
from imi_shared.sealing import SealedValue
from imi_testkit.outbox import outbox_events as stored_events

SERVICES_REQUESTS = {"la_code": "services", "workflow": "requests"}


async def _invitation_indexes(runtime) -> None:
    await invitation_repository.ensure_indexes(runtime.uow.db)


@contextlib.asynccontextmanager
async def invitations_app(infra, topics, db_name, clock, **settings):
    """The directory app on `clock` with the test credential kit; its night batch is the
    kernel job `ctx.invitation_batch` (tests drive it with `tick()`, or wait on `runs`)."""
    async with directory_app(
        infra,
        topics,
        db_name,
        clock=clock,
        kit=CredentialKit.for_tests(),
        on_start=[_invitation_indexes],
        settings=settings,
    ) as (client, ctx):
        yield client, ctx


async def batch_runs_completed(job, count: int, timeout: float = 10.0) -> None:
    """Barrier: wait until the periodic batch job (`ctx.invitation_batch`) has finished `count`
    more runs (so at least `count - 1` of them started after this call, on the clock as it is
    now)."""
    target = job.runs + count
    async with asyncio.timeout(timeout):
        while job.runs < target:
            await asyncio.sleep(0.01)


def brussels(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A Brussels wall-clock time as the aware UTC instant the clock holds."""
    from zoneinfo import ZoneInfo

    local = datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Europe/Brussels"))
    return local.astimezone(UTC)


async def coordinator(ctx):
    """The inviting coordinator: the NIMIC of FR (a DA in every LA)."""
    return await seed_nimic(ctx, "FR")


async def draft(
    client,
    headers: dict,
    name: str = "Mairie de Brest",
    email: str = "contact@mairie-brest.fr",
    pairs=(SERVICES_REQUESTS,),
    **fields,
) -> dict:
    body = {"authority_name": name, "email": email, "la_workflows": list(pairs), **fields}
    response = await client.post("/invitations", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def submit(client, headers: dict, *ids: str) -> dict:
    response = await client.post("/invitations/submit", json={"ids": list(ids)}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def listed(client, headers: dict, **params) -> dict[str, dict]:
    response = await client.get("/invitations", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return {i["id"]: i for i in response.json()["invitations"]}


async def outbox_events(ctx, event_type: str, aggregate_id: str | None = None) -> list[dict]:
    query: dict = {"envelope.event_type": event_type}
    if aggregate_id:
        query["envelope.aggregate_id"] = aggregate_id
    return [row["envelope"] for row in await stored_events(ctx.uow.db, query)]


async def stored(ctx, invitation_id: str):
    return (await ctx.uow.run(lambda tx: InvitationRepository(tx).get(invitation_id))).value


async def sent_invitation(client, ctx, clock, headers: dict, **fields) -> tuple[dict, str]:
    """A draft submitted now and dispatched by the night batch; returns it and its code, read
    from the `invitation.dispatch_due` event the notifier receives."""
    from imi_directory.handlers.invitation_batch import run_invitation_batch

    invitation = await draft(client, headers, **fields)
    assert (await submit(client, headers, invitation["id"]))["submitted"] == 1
    dispatch_at = (await stored(ctx, invitation["id"])).dispatch_at
    clock.now = dispatch_at
    await run_invitation_batch(ctx, clock.now)
    [due] = await outbox_events(ctx, "invitation.dispatch_due", invitation["id"])
    return invitation, (await unsealed(ctx, due["payload"]))["registration_code"]


async def unsealed(ctx, payload: dict) -> dict:
    """What the notifier does: unseal the `invitation` field (e-mail, code; RET-004)."""
    return await ctx.sealer.unseal(SealedValue.model_validate(payload["invitation"]))


def registration(
    code: str,
    *,
    email: str = "contact@mairie-brest.fr",
    captcha: str = "ok",
    summary_saved: bool = True,
    user_email: str = "anne.legoff@mairie-brest.fr",
    **changes,
) -> dict:
    body = {
        "code": code,
        "captcha": captcha,
        "summary_saved": summary_saved,
        "details": {"official_name": "Mairie de Brest", "email": email},
        "keywords": {"services": ["services.tourism"]},
        "first_user": {
            "first_name": "Anne",
            "last_name": "Le Goff",
            "main_language": "fr",
            "email": user_email,
        },
    }
    body.update(changes)
    return body
