"""Who may search what (DIR-130, DIR-134, DIR-077): only active authorities for every user;
e-mail search and non-active authorities of their own state for coordinator data
administrators only (real Kafka + MongoDB)."""

import pytest
from search_support import (
    add_user,
    coordinator,
    ids,
    projected,
    register,
    search,
    shared_app,
    suspend,
    user_headers,
)
from support import headers_for, helpdesk_headers

from imi_directory.adapters.authority_repository import AuthorityRepository
from imi_directory.adapters.publisher import emit
from imi_directory.domain.enums import AuthorityStatus
from imi_directory.domain.events import AuthorityStatusChanged


@pytest.fixture(scope="module")
async def world(infra):
    async with shared_app(infra) as (client, ctx):
        fr, de = await coordinator(ctx, "FR"), await coordinator(ctx, "DE")
        active = await register(ctx, fr, "Mairie de Lyon", email="Mairie@Lyon.test")
        await add_user(ctx, fr, active, "claire.martin@lyon.test")
        suspended = await register(ctx, fr, "Mairie de Nice", email="mairie@nice.test")
        await suspend(ctx, fr, suspended)
        waiting = await register(ctx, fr, "Mairie de Brest", email="mairie@brest.test")
        await _awaiting_validation(ctx, waiting)
        await register(ctx, de, "Stadt Köln", email="stadt@koeln.test")
        await projected(ctx)
        yield client, fr, de, {"active": active, "suspended": suspended, "waiting": waiting}


async def _awaiting_validation(ctx, authority_id: str) -> None:
    """As the self-registration handlers leave an authority (DIR-098): status and event."""

    async def work(tx):
        repository = AuthorityRepository(tx)
        authority = await repository.get(authority_id)
        old, authority.status = authority.status, AuthorityStatus.REGISTRATION_REQUESTED
        await repository.save(authority)
        emit(
            tx,
            ctx.topics,
            [
                AuthorityStatusChanged(
                    authority_id=authority.id,
                    member_state=authority.member_state,
                    old_status=old,
                    new_status=authority.status,
                    changed_at=ctx.clock(),
                )
            ],
        )

    await ctx.uow.run(work)


async def test_DIR_134_a_coordinator_DA_finds_an_authority_by_its_e_mail(world):
    client, fr, de, a = world
    page = await search(client, fr.headers, email="  MAIRIE@lyon.TEST ")
    assert ids(page) == {a["active"]}
    assert page["items"][0]["matched_user_email"] is None
    assert ids(await search(client, de.headers, email="mairie@lyon.test")) == {a["active"]}


async def test_DIR_134_a_coordinator_DA_finds_an_authority_by_the_e_mail_of_a_user(world):
    client, fr, _, a = world
    page = await search(client, fr.headers, email="Claire.Martin@lyon.test")
    assert ids(page) == {a["active"]}
    assert page["items"][0]["matched_user_email"] == "claire.martin@lyon.test"
    assert (await search(client, fr.headers, email="nobody@lyon.test"))["total"] == 0


async def test_DIR_134_user_e_mails_are_never_shown_in_other_searches(world):
    client, fr, _, _ = world
    page = await search(client, fr.headers, q="Lyon")
    assert [item["matched_user_email"] for item in page["items"]] == [None]


@pytest.mark.parametrize("who", ["competent authority user", "Commission helpdesk"])
async def test_DIR_134_e_mail_search_is_refused_to_anyone_else(world, who):
    client, _, _, _ = world
    headers = user_headers("FR", "mairie") if who.startswith("competent") else helpdesk_headers()
    for email in ("mairie@lyon.test", "claire.martin@lyon.test"):
        refusal = await search(client, headers, expect=403, email=email)
        assert refusal["rule"] == "DIR-134"


async def test_DIR_130_a_non_active_authority_is_found_by_nobody_by_default(world):
    client, fr, _, a = world
    for headers in (user_headers(), fr.headers):
        assert a["suspended"] not in ids(await search(client, headers, country="FR"))
        assert ids(await search(client, headers, q="Nice")) == set()
        assert ids(await search(client, headers, q="Brest")) == set()
    assert ids(await search(client, fr.headers, email="mairie@nice.test")) == set()


async def test_DIR_134_a_coordinator_DA_lists_the_non_active_authorities_of_its_own_state(world):
    client, fr, _, a = world
    suspended = await search(client, fr.headers, status="suspended")
    assert ids(suspended) == {a["suspended"]}
    assert suspended["items"][0]["status"] == "suspended"
    every = await search(client, fr.headers, status=["active", "suspended"], q="Mairie")
    assert ids(every) == {a["active"], a["suspended"]}
    assert ids(await search(client, fr.headers, status="suspended", email="mairie@nice.test")) == {
        a["suspended"]
    }


async def test_DIR_134_non_active_authorities_of_another_state_or_for_other_users_403(world):
    client, _, de, _ = world
    for headers, params in ((de.headers, {"country": "FR"}), (user_headers("FR"), {})):
        refusal = await search(client, headers, expect=403, status="suspended", **params)
        assert refusal["rule"] == "DIR-134"
    assert (await search(client, de.headers, status="suspended"))["total"] == 0  # its own: none


async def test_DIR_077_an_authority_awaiting_validation_is_listed_only_for_its_validating_DA(world):
    client, fr, _, a = world
    assert ids(await search(client, fr.headers, status="registration_requested")) == {a["waiting"]}
    other_fr_coordinator = headers_for(
        user_id="u-limic", authority_id="limic-fr", member_state="FR", data_admin_las=("services",)
    )
    assert ids(await search(client, other_fr_coordinator, status="registration_requested")) == set()
