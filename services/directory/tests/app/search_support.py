"""Helpers of the authority-search tests (real Kafka + MongoDB; see support.py).

async with search_app(infra, topics, db_name) as (client, ctx): ...   # the running app
fr = await coordinator(ctx, "FR")          # NIMIC registered through the handler (events)
aid = await register(ctx, fr, "Mairie de Lyon", areas={"services": ("services.tourism",)})
await projected(ctx)                        # every projected event consumed
page = await search(client, fr.headers, country="FR")
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass

from support import directory_app, headers_for

from imi_directory.adapters import search_postings as postings
from imi_directory.adapters.search_index import SEARCH
from imi_directory.domain.actors import Actor
from imi_directory.domain.enums import AdminRole, Workflow
from imi_directory.domain.registration import (
    AuthorityDetails,
    LegislativeAreaSpec,
    WorkflowSpec,
)
from imi_directory.handlers import authorities
from imi_directory.handlers.commands import RegisterAuthority
from imi_directory.handlers.search_projection import (
    CONSUMER,
    PROJECTED,
    project_translations,
)
from imi_shared.topics import Topics
from imi_testkit.outbox import outbox_events

SERVICES = "services"


@contextlib.asynccontextmanager
async def search_app(infra, topics, db_name, clock=None, **options):
    """The directory app as it runs: its start-up builds the search indexes
    (adapters/indexes.py) and its bus wiring subscribes the projection (entrypoints/bus.py)."""
    async with directory_app(infra, topics, db_name, clock=clock, **options) as (client, ctx):
        yield client, ctx


@contextlib.asynccontextmanager
async def shared_app(infra, clock=None):
    """A search app of its own (topics, database) for a module-scoped fixture."""
    unique = uuid.uuid4().hex[:10]
    async with search_app(infra, Topics(prefix=f"t{unique}."), f"test_{unique}", clock=clock) as (
        client,
        ctx,
    ):
        yield client, ctx


@dataclass(frozen=True)
class Coordinator:
    authority_id: str
    member_state: str
    actor: Actor  # a data administrator of the NIMIC, in every LA

    @property
    def headers(self) -> dict[str, str]:
        return headers_for(
            user_id=self.actor.user_id,
            authority_id=self.authority_id,
            member_state=self.member_state,
            local_data_admin=True,
            data_admin_las=tuple(sorted(self.actor.data_admin_las)),
        )


def user_headers(member_state: str = "DE", authority_id: str = "some-ca") -> dict[str, str]:
    """An ordinary user (no data_admin right) of a competent authority."""
    return headers_for(
        user_id=f"u-{authority_id}",
        authority_id=authority_id,
        member_state=member_state,
        local_data_admin=True,
    )


async def coordinator(ctx, ms: str) -> Coordinator:
    """The NIMIC of `ms`, registered by the helpdesk through the handler (events emitted)."""
    authority_id = f"nimic-{ms.lower()}"
    await authorities.register_authority(
        ctx,
        Actor.helpdesk("u-helpdesk"),
        RegisterAuthority(
            member_state=ms,
            details=AuthorityDetails(official_name=f"NIMIC {ms}", email=f"nimic@{ms.lower()}.test"),
            legislative_areas=[LegislativeAreaSpec(la_code=SERVICES, admin_role=AdminRole.NIMIC)],
        ),
        authority_id=authority_id,
    )
    las = frozenset(ctx.reference.la_codes())
    return Coordinator(
        authority_id, ms, Actor.user(f"u-{authority_id}", authority_id, data_admin_las=las)
    )


async def register(
    ctx,
    by: Coordinator,
    name: str,
    *,
    email: str | None = None,
    areas: dict[str, tuple[str, ...]] | None = None,
    workflows: tuple[str, ...] = ("requests",),
    authority_id: str | None = None,
    request_parameters: dict[str, bool] | None = None,
    **details,
) -> str:
    """A competent authority registered by `by` (its NIMIC as associated coordinator)."""
    areas = areas or {SERVICES: ("services.tourism",)}
    specs = [
        LegislativeAreaSpec(
            la_code=la,
            keywords=keywords,
            workflows=tuple(
                WorkflowSpec(
                    workflow=Workflow(w),
                    associated_coordinator_ids=(by.authority_id,),
                    parameters=(request_parameters or {}) if w == "requests" else {},
                )
                for w in workflows
                if w == "requests" or la == SERVICES
            ),
        )
        for la, keywords in areas.items()
    ]
    slug = "".join(ch for ch in name.lower() if ch.isascii() and ch.isalnum())[:20] or "ca"
    command = RegisterAuthority(
        member_state=by.member_state,
        details=AuthorityDetails(
            official_name=name,
            email=email or f"{slug}.{len(name)}@{by.member_state.lower()}.test",
            **details,
        ),
        legislative_areas=specs,
    )
    outcome = await authorities.register_authority(
        ctx, by.actor, command, authority_id=authority_id
    )
    return outcome.authority.id


async def projected(ctx, timeout: float = 20.0) -> None:
    """Wait until the projection consumed every projected event now in the outbox."""
    types = [cls.event_type for cls in PROJECTED]
    db = ctx.uow.db
    wanted = {
        d["event_id"] for d in await outbox_events(db, {"envelope.event_type": {"$in": types}})
    }
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        done = {
            d["_id"].split(":", 1)[1]
            async for d in db["processed_events"].find({"consumer": CONSUMER}, {"_id": 1})
        }
        missing = wanted - done
        if not missing:
            return
        assert asyncio.get_running_loop().time() < deadline, f"{len(missing)} events unprojected"
        await asyncio.sleep(0.05)


async def search(client, headers: dict, expect: int = 200, **params) -> dict:
    query = {k.removesuffix("_"): v for k, v in params.items() if v is not None}
    response = await client.get("/search/authorities", params=query, headers=headers)
    assert response.status_code == expect, response.text
    return response.json()


async def postings_follow_documents(ctx) -> None:
    """Issue 10: the postings written event by event are those rebuilt from the search
    documents (search_postings.build); empty postings left by `$pull` do not count."""
    db = ctx.uow.db
    stored = postings.merged(await db[postings.POSTINGS].find().to_list())
    documents = await db[SEARCH].find().to_list()
    assert stored == postings.merged(postings.build(documents))


def ids(page: dict) -> set[str]:
    return {item["id"] for item in page["items"]}


async def translate(ctx, authority_id: str, **translations: str) -> None:
    """TRL-009: what the translation service's consumer will record (no such event yet)."""
    outcome = await ctx.uow.run(lambda tx: project_translations(tx, authority_id, translations))
    assert outcome.value, f"{authority_id} is not projected"


@dataclass
class Sample:
    """A small directory: three NIMICs and six competent authorities (see `sample`)."""

    fr: Coordinator
    de: Coordinator
    gr: Coordinator
    ids: dict[str, str]
    ctx: object = None  # the app's context (its database)

    def __getitem__(self, key: str) -> str:
        return self.ids[key]


async def sample(ctx) -> Sample:
    fr, de, gr = [await coordinator(ctx, ms) for ms in ("FR", "DE", "GR")]
    ids = {
        "prefecture": await register(
            ctx,
            fr,
            "Préfecture de police de Paris",
            informal_name="Préfecture de police",
            informal_name_language="fr",
            region="Île-de-France",
            spoken_languages=("fr", "en"),
            areas={SERVICES: ("services.tourism", "services.catering")},
            workflows=("requests", "alerts"),
            nace_codes=("10",),
            policy_area_codes=("single_market.services",),
        ),
        "maritime": await register(
            ctx,
            fr,
            "Prefecture Maritime Atlantique",
            region="Bretagne",
            spoken_languages=("fr",),
            areas={SERVICES: ("services.construction",)},
            nace_codes=("F",),
        ),
        "ordre": await register(
            ctx,
            fr,
            "Conseil national de l'Ordre des médecins",
            informal_name="Ordre des médecins",
            informal_name_language="fr",
            spoken_languages=("fr",),
            areas={
                "professional_qualifications": ("professional_qualifications.doctors",),
                "patients_rights": ("patients_rights.right_to_practise",),
            },
            nace_codes=("Q",),
            policy_area_codes=("public_health",),
        ),
        "handwerk": await register(
            ctx,
            de,
            "Handwerkskammer für München und Oberbayern",
            informal_name="Handwerkskammer München",
            informal_name_language="de",
            region="Bayern",
            spoken_languages=("de", "en"),
            areas={SERVICES: ("services.crafts",)},
            nace_codes=("C",),
        ),
        "strasse": await register(
            ctx,
            de,
            "Straßenverkehrsamt Köln",
            region="Nordrhein-Westfalen",
            spoken_languages=("de",),
            areas={SERVICES: ("services.tourism",)},
            request_parameters={"may_accept_incoming_requests": False},
        ),
        "emporio": await register(
            ctx,
            gr,
            "Γενική Γραμματεία Εμπορίου και Προστασίας Καταναλωτή",
            spoken_languages=("el", "en"),
            areas={SERVICES: ("services.retail",)},
        ),
    }
    await projected(ctx)
    await translate(ctx, ids["prefecture"], de="Polizeipräfektur", en="Police Prefecture")
    return Sample(fr, de, gr, ids, ctx)


async def suspend(ctx, by: Coordinator, authority_id: str, la: str = SERVICES) -> None:
    """DIR-114 then DIR-103 through the handlers: workflow, LA, then the authority."""
    from imi_directory.handlers.access import (
        AccessCommand,
        change_la_access,
        change_workflow_access,
    )

    await change_workflow_access(ctx, by.actor, authority_id, la, "requests", AccessCommand.SUSPEND)
    await change_la_access(ctx, by.actor, authority_id, la, AccessCommand.SUSPEND)
    await authorities.change_status(ctx, by.actor, authority_id, authorities.StatusAction.SUSPEND)


async def add_user(ctx, by: Coordinator, authority_id: str, email: str, last: str = "Martin"):
    """A user of the authority, created by its coordinator through the users handler."""
    from imi_directory.domain.user_management import UserDetails
    from imi_directory.handlers import users
    from imi_directory.handlers.credential_kit import CredentialKit

    details = UserDetails(first_name="Claire", last_name=last, main_language="fr", email=email)
    result = await users.create_user(
        ctx, CredentialKit.for_tests(), by.actor, authority_id, users.CreateUser(details=details)
    )
    return result.user
