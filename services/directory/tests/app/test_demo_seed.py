"""The demo seed (imi_directory_demo/seed.py): idempotent, every EEA state has a NIMIC and an incoming-alerts
mailbox, a handful of competent authorities with users in several LAs, working demo logins,
and the search projection follows (real Kafka + MongoDB)."""

import httpx
import pytest
from imi_directory_demo import data as demo_data
from imi_directory_demo.seed import seed_demo
from search_support import ids, projected, search, shared_app, user_headers

from imi_directory.adapters.authority_repository import AuthorityRepository
from imi_directory.adapters.user_repository import UserRepository
from imi_directory.domain.enums import AccessStatus, AdminRole, AuthorityStatus, Workflow
from imi_shared.participants import EEA_MEMBER_STATES
from imi_testkit.outbox import outbox_events


async def _snapshot(ctx):
    db = ctx.uow.db
    return (
        await db["authorities"].count_documents({}),
        await db["users"].count_documents({}),
        len(await outbox_events(db)),
    )


@pytest.fixture(scope="module")
async def seeded(infra):
    async with shared_app(infra) as (client, ctx):
        report = await seed_demo(ctx)
        yield client, ctx, report, await _snapshot(ctx)


async def test_seeding_twice_gives_the_same_directory(seeded):
    _client, ctx, first, after_first = seeded
    second = await seed_demo(ctx)
    expected = 2 * len(EEA_MEMBER_STATES) + len(demo_data.COMPETENT_AUTHORITIES)
    assert (first.authorities, first.users) == (expected, expected)
    assert (first.created_authorities, first.created_users) == (expected, expected)
    assert (second.authorities, second.users) == (expected, expected)
    assert (second.created_authorities, second.created_users) == (0, 0)
    assert await _snapshot(ctx) == after_first  # nothing written, no event emitted again


async def test_every_state_has_its_nimic_and_an_active_alert_inbox_DIR_010_DIR_003(seeded):
    _client, ctx, _, _ = seeded

    async def load(tx):
        repo = AuthorityRepository(tx)
        return {
            ms: (
                await repo.get(f"demo-{ms.lower()}-nimic"),
                await repo.get(f"demo-{ms.lower()}-alerts"),
            )
            for ms in EEA_MEMBER_STATES
        }

    loaded = (await ctx.uow.run(load)).value
    for ms, (nimic, inbox) in loaded.items():
        assert nimic.member_state == inbox.member_state == ms
        assert nimic.status is inbox.status is AuthorityStatus.ACTIVE
        assert nimic.admin_role_in("services") is AdminRole.NIMIC
        alerts = inbox.workflow("services", Workflow.ALERTS)
        assert alerts.is_alert_inbox and alerts.status is AccessStatus.ACTIVE
        assert str(alerts.role) == "alert_coordinator"
        assert inbox.validating_coordinator_id == nimic.id


async def test_competent_authorities_have_users_with_rights_in_several_LAs_DIR_044(seeded):
    _client, ctx, _, _ = seeded

    async def load(tx):
        return await UserRepository(tx).by_username("fr.ordre-medecins")

    user = (await ctx.uow.run(load)).value
    scoped = {r.la_code for r in user.roles if r.la_code}
    assert {"professional_qualifications", "patients_rights"} <= scoped
    assert user.is_lda


async def test_demo_logins_work_and_the_projection_finds_the_seeded_authorities(seeded):
    client, ctx, report, _ = seeded
    token = await _login(client, "fr.nimic")
    await projected(ctx, timeout=300)
    french = await search(client, user_headers(), country="FR", page_size=100)
    inboxes = await search(
        client, {"Authorization": f"Bearer {token}"}, email="alerts@fr.demo.imi.test"
    )
    assert [u for u, _ in report.logins] == list(demo_data.DEMO_LOGINS)
    assert {"demo-fr-nimic", "demo-fr-alerts", "demo-fr-prefecture"} <= ids(french)
    assert ids(inboxes) == {"demo-fr-alerts"} and inboxes["items"][0]["alert_inbox"]
    assert any("Commission helpdesk" in line for line in report.lines())


async def _login(client: httpx.AsyncClient, username: str) -> str:
    asked = (await client.post("/auth/challenge", json={"username": username})).json()
    code = demo_data.DEMO_SECURITY_CODE
    response = await client.post(
        "/auth/login",
        json={
            "username": username,
            "password": demo_data.DEMO_PASSWORD,
            "code_chars": {str(p): code[p - 1] for p in asked["positions"]},
            "challenge_id": asked["challenge_id"],
        },
    )
    assert response.status_code == 200, response.text
    return response.json()["access_token"]
