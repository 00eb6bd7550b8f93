"""Shared helpers of the directory app tests (real Kafka + MongoDB through the kernel fixtures).

Stable API (other test modules rely on it):

    async with directory_app(infra, topics, db_name, clock=None) as (client, ctx): ...
    token_for(user_id=..., authority_id=..., member_state=..., ...) -> str
    bearer(token) -> headers;  headers_for(**principal_fields) -> headers
    await seed_nimic(ctx, "FR") -> Seeded (authority_id, member_state, user_id, headers)
    await save_authority(ctx, authority)       # store a domain Authority as it is
    await load_authority(ctx, authority_id) -> Authority
    MutableClock(start).advance(days=...)
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx

from imi_directory.adapters.authority_repository import AuthorityRepository
from imi_directory.app import create_app
from imi_directory.bootstrap import DirectoryContext
from imi_directory.domain.actors import Actor
from imi_directory.domain.authority import Authority
from imi_directory.domain.enums import AdminRole
from imi_directory.domain.reference import LegislativeAreaCatalog
from imi_directory.domain.registration import (
    AuthorityDetails,
    LegislativeAreaSpec,
    register_authority,
)
from imi_directory.settings import DirectorySettings
from imi_shared.auth import Principal, TokenIssuer, load_private_key
from imi_testkit.outbox import outbox_events as stored_events

ISSUER = "imi-directory"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


@dataclass
class MutableClock:
    """A clock tests move by hand: `create_app(..., clock=clock)`."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def token_for(
    *,
    user_id: str = "u-test",
    authority_id: str,
    member_state: str,
    username: str | None = None,
    authority_roles: dict | None = None,
    user_rights: dict | None = None,
    local_data_admin: bool = False,
    data_admin_las: tuple[str, ...] | list[str] = (),
) -> str:
    """A token signed with the bundled dev key, as the directory would issue it."""
    principal = Principal(
        user_id=user_id,
        username=username or user_id,
        authority_id=authority_id,
        member_state=member_state,
        authority_roles=authority_roles or {},
        user_rights=user_rights or {},
        local_data_admin=local_data_admin,
        data_admin_las=tuple(data_admin_las),
    )
    return TokenIssuer(load_private_key("", "local"), ISSUER).issue(principal)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def headers_for(**principal_fields) -> dict[str, str]:
    return bearer(token_for(**principal_fields))


def helpdesk_headers(user_id: str = "u-helpdesk") -> dict[str, str]:
    """A Commission helpdesk user (member state EU)."""
    return headers_for(user_id=user_id, authority_id="commission-helpdesk", member_state="EU")


@contextlib.asynccontextmanager
async def directory_app(
    infra, topics, db_name: str, clock=None, settings: dict | None = None, **options
) -> AsyncIterator[tuple[httpx.AsyncClient, DirectoryContext]]:
    """The directory app, started (topics, indexes, broker, relay), with an httpx client;
    `settings` overrides DirectorySettings fields, `options` go to `create_app` (kit=...)."""
    settings = DirectorySettings(
        kafka_bootstrap=infra.kafka_bootstrap,
        mongo_uri=infra.mongo_uri,
        db_name=db_name,
        topic_prefix=topics.prefix,
        **(settings or {}),
    )
    app = create_app(settings, clock=clock or MutableClock(), **options)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://directory") as client:
            yield client, app.state.context


def catalog_of(ctx: DirectoryContext) -> LegislativeAreaCatalog:
    return LegislativeAreaCatalog.from_reference(ctx.reference.legislative_areas())


@dataclass(frozen=True)
class Seeded:
    """A seeded authority and the headers of one of its users (LDA + DA in every LA)."""

    authority_id: str
    member_state: str
    user_id: str
    la_codes: tuple[str, ...] = ()
    headers: dict[str, str] = field(default_factory=dict)

    def headers_as(self, **overrides) -> dict[str, str]:
        fields = {
            "user_id": self.user_id,
            "authority_id": self.authority_id,
            "member_state": self.member_state,
            "local_data_admin": True,
            "data_admin_las": self.la_codes,
        }
        fields.update(overrides)
        return headers_for(**fields)


async def seed_nimic(ctx: DirectoryContext, member_state: str) -> Seeded:
    """Register the NIMIC of `member_state` as the Commission helpdesk would (every LA and
    workflow, coordinator roles, active) and store it; no events are emitted."""
    ms = member_state.upper()
    catalog = catalog_of(ctx)
    authority, _ = register_authority(
        authority_id=f"nimic-{ms.lower()}",
        member_state=ms,
        details=AuthorityDetails(official_name=f"NIMIC {ms}", email=f"nimic@{ms.lower()}.imi.test"),
        legislative_areas=[
            LegislativeAreaSpec(la_code=catalog.codes[0], admin_role=AdminRole.NIMIC)
        ],
        registrar=None,
        actor=Actor.helpdesk("u-helpdesk"),
        now=ctx.clock(),
        catalog=catalog,
    )
    await save_authority(ctx, authority)
    user_id = f"u-nimic-{ms.lower()}"
    la_codes = tuple(sorted(authority.legislative_areas))
    seeded = Seeded(authority.id, ms, user_id, la_codes)
    return Seeded(authority.id, ms, user_id, la_codes, seeded.headers_as())


async def save_authority(ctx: DirectoryContext, authority: Authority) -> None:
    """Store `authority` as it is (insert or overwrite), without events."""

    async def work(tx) -> None:
        repository = AuthorityRepository(tx)
        if await repository.find(authority.id) is None:
            await repository.add(authority)
        else:
            await repository.save(authority)

    await ctx.uow.run(work)


async def load_authority(ctx: DirectoryContext, authority_id: str) -> Authority:
    return (await ctx.uow.run(lambda tx: AuthorityRepository(tx).get(authority_id))).value


# --------------------------------------------------------------------------- registration bodies

SERVICES = "services"
SERVICES_KEYWORD = "services.architecture"


def workflow_spec(
    workflow: str = "requests", *, role: str | None = None, associated: tuple[str, ...] = (), **more
) -> dict:
    return {
        "workflow": workflow,
        "role": role,
        "associated_coordinator_ids": list(associated),
        **more,
    }


def registration_body(
    name: str,
    email: str,
    *,
    la_code: str = SERVICES,
    admin_role: str = "competent_authority",
    keywords: tuple[str, ...] = (SERVICES_KEYWORD,),
    workflows: tuple[dict, ...] = (),
    member_state: str | None = None,
    **details,
) -> dict:
    """Body of POST /authorities with one legislative area."""
    return {
        "member_state": member_state,
        "details": {"official_name": name, "email": email, **details},
        "legislative_areas": [
            {
                "la_code": la_code,
                "admin_role": admin_role,
                "keywords": list(keywords),
                "workflows": list(workflows),
            }
        ],
    }


async def register_via_api(client: httpx.AsyncClient, headers: dict, body: dict) -> str:
    """POST /authorities, expecting 201; returns the new authority id."""
    response = await client.post("/authorities", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def register_ca(
    client: httpx.AsyncClient,
    coordinator: Seeded,
    name: str = "Mairie",
    *,
    email: str | None = None,
    workflows: tuple[str, ...] = ("requests",),
    associated: tuple[str, ...] | None = None,
) -> str:
    """A competent authority in the services LA registered by `coordinator`, with the given
    workflows («autorité» role) and `coordinator` as associated coordinator."""
    linked = associated if associated is not None else (coordinator.authority_id,)
    body = registration_body(
        name,
        email or f"{name.lower().replace(' ', '.')}@{coordinator.member_state.lower()}.test",
        workflows=tuple(workflow_spec(w, associated=linked) for w in workflows),
    )
    return await register_via_api(client, coordinator.headers, body)


def lda_headers(authority_id: str, member_state: str, user_id: str | None = None) -> dict:
    """A local data administrator of `authority_id` (not a coordinator DA)."""
    return headers_for(
        user_id=user_id or f"u-lda-{authority_id[:8]}",
        authority_id=authority_id,
        member_state=member_state,
        local_data_admin=True,
    )


async def outbox_events(ctx: DirectoryContext, aggregate_id: str) -> list[tuple[str, dict]]:
    """(event type, payload) of the events queued for an aggregate, oldest first."""
    rows = await stored_events(ctx.uow.db, {"envelope.aggregate_id": aggregate_id})
    return [(d["envelope"]["event_type"], d["envelope"]["payload"]) for d in rows]


async def call(
    client: httpx.AsyncClient,
    method: str,
    path: str,
    headers: dict,
    json: dict | None = None,
    expect: int = 200,
) -> dict:
    """Send a request, assert its status (showing the body if not) and return the JSON."""
    response = await client.request(method, path, headers=headers, json=json)
    assert response.status_code == expect, f"{response.status_code}: {response.text}"
    return response.json()


async def refused(
    client: httpx.AsyncClient, method: str, path: str, headers: dict, json: dict | None = None
) -> tuple[int, str | None]:
    """(status, rule) of a refusal."""
    response = await client.request(method, path, headers=headers, json=json)
    assert response.status_code >= 400, response.text
    return response.status_code, response.json().get("rule")
