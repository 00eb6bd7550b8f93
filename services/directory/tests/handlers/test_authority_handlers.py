"""Directory command handlers on the kernel's fakes (FakeUnitOfWork + FakeClock): the whole
load-decide-save-emit path of each handler, without any server, in milliseconds."""

from __future__ import annotations

from datetime import timedelta

import pytest

from imi_directory.adapters.authority_repository import AuthorityRepository
from imi_directory.bootstrap import DirectoryContext
from imi_directory.domain.actors import Actor
from imi_directory.handlers import authorities
from imi_directory.handlers.commands import RegisterAuthority, UpdateAuthorityData
from imi_directory.reference import default_reference
from imi_directory.settings import DirectorySettings
from imi_shared.auth import TokenIssuer, load_private_key
from imi_shared.errors import Conflict, Forbidden, InvalidInput
from imi_shared.sealing import Sealer
from imi_testkit import FakeClock, FakeUnitOfWork, InMemoryKeyStore

HELPDESK = Actor.helpdesk("u-helpdesk")


def context(uow: FakeUnitOfWork, clock: FakeClock) -> DirectoryContext:
    settings = DirectorySettings()
    issuer = TokenIssuer(load_private_key("", "local"), settings.jwt_issuer)
    # contact data is sealed on the topic (issue 9 item 7): an in-memory key store
    return DirectoryContext(
        settings,
        uow,
        settings.topics,
        default_reference(),
        issuer,
        Sealer(InMemoryKeyStore()),
        clock,  # type: ignore[arg-type]
    )


def nimic_of(member_state: str | None, email: str = "nimic@fr.imi.test") -> RegisterAuthority:
    return RegisterAuthority.model_validate(
        {
            "member_state": member_state,
            "details": {"official_name": "NIMIC", "email": email},
            "legislative_areas": [
                {
                    "la_code": "services",
                    "admin_role": "nimic",
                    "keywords": ["services.architecture"],
                }
            ],
        }
    )


@pytest.fixture
def world():
    uow, clock = FakeUnitOfWork(), FakeClock()
    return uow, clock, context(uow, clock)


async def test_dir_040_helpdesk_registers_a_nimic_and_the_event_names_the_authority(world):
    uow, clock, ctx = world
    outcome = await authorities.register_authority(
        ctx, HELPDESK, nimic_of("FR"), authority_id="n-fr"
    )
    assert (outcome.authority.id, outcome.version) == ("n-fr", 1)
    stored = uow.collections["authorities"]["n-fr"]
    # the maintained query fields; a NIMIC is given every legislative area
    assert (stored["version"], stored["coordinator_roles"]) == (1, ["nimic"])
    assert stored["la_codes"] == sorted(outcome.authority.legislative_areas)
    assert "services" in stored["la_codes"]
    [registered] = uow.published("authority.registered")
    assert (registered.aggregate_id, registered.member_state) == ("n-fr", "FR")
    assert outcome.authority.registered_at == clock.now  # the context's clock, not the wall


async def test_dir_040_a_user_without_a_coordinator_authority_may_not_register(world):
    uow, _, ctx = world
    stranger = Actor.user("u-x", "nowhere", local_data_admin=True)
    with pytest.raises(Forbidden) as refused:
        await authorities.register_authority(ctx, stranger, nimic_of("FR"))
    assert refused.value.rule_id == "DIR-040"
    assert uow.published() == [] and not uow.collections.get("authorities")


async def test_x_001_the_member_state_is_required(world):
    _, _, ctx = world
    with pytest.raises(InvalidInput) as refused:
        await authorities.register_authority(ctx, HELPDESK, nimic_of(None))
    assert refused.value.rule_id == "X-001"


async def test_dir_010_one_nimic_per_member_state(world):
    uow, _, ctx = world
    await authorities.register_authority(ctx, HELPDESK, nimic_of("FR"), authority_id="n-fr")
    with pytest.raises(Conflict) as refused:
        await authorities.register_authority(
            ctx, HELPDESK, nimic_of("FR", "other@fr.imi.test"), authority_id="n-fr-2"
        )
    assert refused.value.rule_id == "DIR-010"
    assert list(uow.collections["authorities"]) == ["n-fr"]


async def test_dir_137_a_stale_edit_is_refused_and_a_current_one_saved(world):
    uow, clock, ctx = world
    await authorities.register_authority(ctx, HELPDESK, nimic_of("FR"), authority_id="n-fr")
    clock.advance(timedelta(days=1))
    edit = UpdateAuthorityData(address="1 rue de la Paix, Paris")
    done = await authorities.update_data(ctx, HELPDESK, "n-fr", edit, expected_version=1)
    assert done.version == 2 and done.event_types == ["authority.data_changed"]
    with pytest.raises(Conflict) as refused:
        await authorities.update_data(ctx, HELPDESK, "n-fr", edit, expected_version=1)
    assert refused.value.rule_id == "DIR-137"
    stored = await ctx.uow.run(lambda tx: AuthorityRepository(tx).get("n-fr"))
    assert stored.value.address == "1 rue de la Paix, Paris"
