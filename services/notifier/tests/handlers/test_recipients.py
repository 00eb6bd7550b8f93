"""The recipients read model from directory events (X-053, NOT-002, NOT-005), on the kernel's
in-memory unit of work: roles, statuses, authority e-mail (unsealed here only), languages and
allocation, and the role queries routing uses."""

from datetime import UTC, datetime

import pytest

from imi_notifier.adapters import recipient_events as ev
from imi_notifier.adapters.directory_events import AuthorityStatusChanged, UserCreated
from imi_notifier.adapters.recipients import RecipientBook
from imi_notifier.context import NotifierContext
from imi_notifier.handlers import directory, recipients
from imi_notifier.settings import NotifierSettings
from imi_shared.envelope import Envelope
from imi_shared.sealing import Sealer
from imi_testkit import FakeClock, FakeUnitOfWork
from imi_testkit.keys import InMemoryKeyStore

HANDLER = {"role": "request_handler", "la_code": "services", "workflow": "requests"}


@pytest.fixture
def ctx() -> NotifierContext:
    clock = FakeClock(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    return NotifierContext(NotifierSettings(), FakeUnitOfWork(), Sealer(InMemoryKeyStore()), clock)


async def consume(ctx, handler, event):
    envelope = Envelope.wrap(event, producer="directory", member_state="FR")
    await ctx.uow.run(lambda tx: handler(ctx, event, tx), consumed=envelope, consumer="t")


async def read(ctx, fn):
    return (await ctx.uow.run(lambda tx: fn(RecipientBook(tx)))).value


async def created(ctx, user_id, authority_id="FR-A", roles=(HANDLER,), language="fr"):
    sealed = await ctx.sealer.seal(f"user:{user_id}", {"email": f"{user_id}@example.org"})
    event = UserCreated(
        user_id=user_id,
        authority_id=authority_id,
        member_state="FR",
        main_language=language,
        personal_data=sealed,
        roles=[ev.RoleAssignment(**r) for r in roles],
    )

    async def both(ctx, event, tx):  # as entrypoints.bus composes them
        await recipients.user_created(ctx, event, tx)
        await directory.user_created(ctx, event, tx, f"evt-{event.user_id}")

    await consume(ctx, both, event)


async def registered(ctx, authority_id="FR-A", email="office@fr-a.example"):
    contact = await ctx.sealer.seal(f"authority:{authority_id}", {"email": email})
    event = ev.AuthorityRegistered(
        authority_id=authority_id, member_state="FR", status="active", contact=contact
    )
    await consume(ctx, recipients.authority_registered, event)


async def test_x_053_users_with_role_reads_roles_from_user_created(ctx):
    await registered(ctx)
    await created(ctx, "u1")
    await created(
        ctx, "u2", roles=({"role": "allocator", "la_code": "services", "workflow": "requests"},)
    )
    handlers = await read(ctx, lambda b: b.users_with_role("FR-A", ["request_handler"], "services"))
    assert [u.user_id for u in handlers] == ["u1"]
    assert await read(ctx, lambda b: b.users_with_role("FR-A", ["request_handler"], "other")) == []
    assert (await read(ctx, lambda b: b.user("u1"))).main_language == "fr"


async def test_not_002_the_authority_e_mail_is_unsealed_into_the_read_model_only(ctx):
    await registered(ctx)
    assert await read(ctx, lambda b: b.email_of_authority("FR-A")) == "office@fr-a.example"
    facts = await read(ctx, lambda b: b.authority("FR-A"))
    assert facts.has_email and facts.reachable and facts.first_language is None


async def test_not_002_spoken_languages_and_a_new_e_mail_from_data_changed(ctx):
    await registered(ctx)
    sealed = await ctx.sealer.seal("authority:FR-A", {"email": "new@fr-a.example"})
    await consume(
        ctx,
        recipients.authority_data_changed,
        ev.AuthorityDataChanged(
            authority_id="FR-A",
            member_state="FR",
            changes={"spoken_languages": ["FR", "en"]},
            sealed_contact=sealed,
        ),
    )
    facts = await read(ctx, lambda b: b.authority("FR-A"))
    assert facts.languages == ("fr", "en") and facts.first_language == "fr"
    assert await read(ctx, lambda b: b.email_of_authority("FR-A")) == "new@fr-a.example"


async def test_not_007_allocation_on_and_off_per_la_from_parameters_changed(ctx):
    await registered(ctx)

    def params(on, workflow="requests"):
        return ev.AuthorityParametersChanged(
            authority_id="FR-A",
            member_state="FR",
            la_code="services",
            workflow=workflow,
            parameters={"allocation_enabled": on},
        )

    await consume(ctx, recipients.authority_parameters_changed, params(True))
    assert (await read(ctx, lambda b: b.authority("FR-A"))).allocation_on("services")
    await consume(ctx, recipients.authority_parameters_changed, params(False, "alerts"))
    assert (await read(ctx, lambda b: b.authority("FR-A"))).allocation_on("services")
    await consume(ctx, recipients.authority_parameters_changed, params(False))
    assert not (await read(ctx, lambda b: b.authority("FR-A"))).allocation_on("services")


async def test_not_005_removed_locked_or_role_withdrawn_users_drop_out_of_role_queries(ctx):
    await registered(ctx)
    for user_id in ("u1", "u2", "u3", "u4"):
        await created(ctx, user_id)
    base = {"authority_id": "FR-A", "member_state": "FR"}
    await consume(ctx, recipients.user_removed, ev.UserRemoved(user_id="u1", **base))
    await consume(ctx, recipients.user_locked_out, ev.UserLockedOut(user_id="u2", **base))
    await consume(
        ctx, recipients.user_roles_changed, ev.UserRolesChanged(user_id="u3", roles=(), **base)
    )
    found = await read(ctx, lambda b: b.users_with_role("FR-A", ["request_handler"]))
    assert [u.user_id for u in found] == ["u4"]
    # a reset lifts the lock-out, never a removal (DIR-095)
    for user_id in ("u1", "u2"):
        reset = ev.UserCredentialsReset(user_id=user_id, **base)
        await consume(ctx, recipients.user_credentials_reset, reset)
    found = await read(ctx, lambda b: b.users_with_role("FR-A", ["request_handler"]))
    assert [u.user_id for u in found] == ["u2", "u4"]


async def test_not_005_a_suspended_or_deleted_authority_has_no_reachable_users(ctx):
    await registered(ctx)
    await created(ctx, "u1")
    await consume(
        ctx,
        recipients.authority_status_changed,
        AuthorityStatusChanged(authority_id="FR-A", member_state="FR", new_status="suspended"),
    )
    assert await read(ctx, lambda b: b.users_with_role("FR-A", ["request_handler"])) == []
    await consume(
        ctx,
        recipients.authority_status_changed,
        AuthorityStatusChanged(authority_id="FR-A", member_state="FR", new_status="active"),
    )
    assert len(await read(ctx, lambda b: b.users_with_role("FR-A", ["request_handler"]))) == 1
    deleted = ev.AuthorityDeleted(authority_id="FR-A", member_state="FR")
    await consume(ctx, recipients.authority_deleted, deleted)
    assert await read(ctx, lambda b: b.users_with_role("FR-A", ["request_handler"])) == []
    assert await read(ctx, lambda b: b.email_of_authority("FR-A")) is None


async def test_not_005_an_access_removed_withdraws_the_authoritys_rights_in_that_workflow(ctx):
    await registered(ctx)
    await created(ctx, "u1")

    def access(workflow, status):
        return ev.AccessChanged(
            authority_id="FR-A",
            member_state="FR",
            la_code="services",
            workflow=workflow,
            new_status=status,
        )

    await consume(ctx, recipients.authority_access_changed, access("alerts", "removed"))
    handlers = await read(
        ctx, lambda b: b.users_with_role("FR-A", ["request_handler"], None, "requests")
    )
    assert [u.user_id for u in handlers] == ["u1"]  # the requests workflow is untouched
    await consume(ctx, recipients.authority_access_changed, access("requests", "removed"))
    assert (
        await read(ctx, lambda b: b.users_with_role("FR-A", ["request_handler"], None, "requests"))
        == []
    )
    await consume(ctx, recipients.authority_access_changed, access("requests", "active"))
    assert (
        len(
            await read(
                ctx, lambda b: b.users_with_role("FR-A", ["request_handler"], None, "requests")
            )
        )
        == 1
    )


async def test_x_053_a_user_first_seen_by_a_roles_change_is_found_by_its_authority(ctx):
    roles = (ev.RoleAssignment(role="request_handler", la_code="services", workflow="requests"),)
    changed = ev.UserRolesChanged(
        user_id="old", authority_id="FR-A", member_state="FR", roles=roles
    )
    await consume(ctx, recipients.user_roles_changed, changed)
    found = await read(ctx, lambda b: b.users_with_role("FR-A", ["request_handler"], "services"))
    assert [u.user_id for u in found] == ["old"]
