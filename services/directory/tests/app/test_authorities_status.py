"""Authority status machine over HTTP (DIR §3.10: DIR-097..DIR-109, DIR-150)."""

from __future__ import annotations

import pytest
from support import (
    SERVICES,
    call,
    headers_for,
    lda_headers,
    load_authority,
    outbox_events,
    refused,
    register_ca,
    save_authority,
    seed_nimic,
)

from imi_directory.domain.enums import AccessStatus, AuthorityStatus
from imi_directory.handlers.authorities import purge_authority, purge_due_authorities
from imi_shared.errors import Conflict


async def _awaiting_validation(ctx, client, fr, *, associated: bool = True) -> str:
    """An authority as self-registration leaves it: `registration_requested`, accesses
    `requested` (DIR-098, DIR-111), validated by `fr`."""
    authority_id = await register_ca(client, fr, "Nouvelle mairie")
    authority = await load_authority(ctx, authority_id)
    authority.status, authority.self_registered = AuthorityStatus.REGISTRATION_REQUESTED, True
    for la in authority.legislative_areas.values():
        la.status = AccessStatus.REQUESTED
        for access in la.workflows.values():
            access.status = AccessStatus.REQUESTED
            if not associated:
                access.associated_coordinator_ids = []
    await save_authority(ctx, authority)
    return authority_id


async def _suspend_accesses(client, fr, authority_id):
    base = f"/authorities/{authority_id}/access/{SERVICES}"
    await call(client, "POST", f"{base}/requests/suspend", fr.headers)
    await call(client, "POST", f"{base}/suspend", fr.headers)


async def _remove_accesses(client, fr, authority_id):
    base = f"/authorities/{authority_id}/access/{SERVICES}"
    await call(client, "POST", f"{base}/requests/remove", fr.headers)
    await call(client, "POST", f"{base}/remove", fr.headers)


async def test_dir_099_079_validation_activates_authority_and_accesses(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    authority_id = await _awaiting_validation(ctx, client, fr)
    body = await call(client, "POST", f"/authorities/{authority_id}/status/validate", fr.headers)
    assert body["authority"]["status"] == "active"
    services = body["authority"]["legislative_areas"][SERVICES]
    assert services["status"] == services["workflows"]["requests"]["status"] == "active"
    assert [e["event_type"] for e in body["events"]] == [
        "authority.status_changed",
        "authority.access_changed",
        "authority.access_changed",
    ]
    types = [t for t, _ in await outbox_events(ctx, authority_id)]
    assert types[-3:] == [e["event_type"] for e in body["events"]]


async def test_dir_099_validation_needs_an_associated_coordinator_per_workflow(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    authority_id = await _awaiting_validation(ctx, client, fr, associated=False)
    assert await refused(
        client, "POST", f"/authorities/{authority_id}/status/validate", fr.headers
    ) == (409, "DIR-099")


async def test_dir_077_authority_awaiting_validation_is_seen_only_by_its_validating_da(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    authority_id = await _awaiting_validation(ctx, client, fr)
    other = headers_for(user_id="u-x", authority_id="someone", member_state="FR")
    assert await refused(client, "GET", f"/authorities/{authority_id}", other) == (404, "DIR-077")
    seen = await call(client, "GET", f"/authorities/{authority_id}", fr.headers)
    assert seen["id"] == authority_id
    assert seen["authority"]["status"] == "registration_requested"


async def test_dir_100_101_refused_registration_can_be_validated_within_6_months(directory, clock):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    authority_id = await _awaiting_validation(ctx, client, fr)
    body = await call(
        client, "POST", f"/authorities/{authority_id}/status/refuse_registration", fr.headers
    )
    assert body["authority"]["status"] == "registration_refused"
    clock.advance(days=150)
    body = await call(client, "POST", f"/authorities/{authority_id}/status/validate", fr.headers)
    assert body["authority"]["status"] == "active"


async def test_dir_101_102_after_6_months_validation_is_refused_and_the_system_deletes(
    directory, clock
):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    authority_id = await _awaiting_validation(ctx, client, fr)
    await call(
        client, "POST", f"/authorities/{authority_id}/status/refuse_registration", fr.headers
    )
    with pytest.raises(Conflict) as early:
        await purge_authority(ctx, authority_id)
    assert early.value.rule_id == "DIR-102"
    clock.advance(days=185)
    assert await refused(
        client, "POST", f"/authorities/{authority_id}/status/validate", fr.headers
    ) == (409, "DIR-101")
    outcome = await purge_authority(ctx, authority_id)
    assert outcome.event_types == ["authority.deleted"]
    assert await refused(client, "GET", f"/authorities/{authority_id}", fr.headers) == (
        404,
        "DIR-137",
    )


async def test_dir_100_only_the_validating_coordinator_refuses(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    authority_id = await _awaiting_validation(ctx, client, fr)
    assert await refused(
        client,
        "POST",
        f"/authorities/{authority_id}/status/refuse_registration",
        lda_headers(authority_id, "FR"),
    ) == (403, "DIR-100")


async def test_dir_103_150_suspension_refused_while_an_access_is_active(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    assert await refused(client, "POST", f"/authorities/{ca}/status/suspend", fr.headers) == (
        409,
        "DIR-103",
    )
    await _suspend_accesses(client, fr, ca)
    body = await call(client, "POST", f"/authorities/{ca}/status/suspend", fr.headers)
    assert body["authority"]["status"] == "suspended"


async def test_dir_103_only_the_validating_coordinator_suspends(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    de = await seed_nimic(ctx, "DE")
    ca = await register_ca(client, fr)
    await _suspend_accesses(client, fr, ca)
    assert await refused(
        client, "POST", f"/authorities/{ca}/status/suspend", lda_headers(ca, "FR")
    ) == (403, "DIR-103")
    assert await refused(client, "POST", f"/authorities/{ca}/status/suspend", de.headers) == (
        403,
        "DIR-103",
    )  # another member state


async def test_dir_104_107_109_suspended_authority_gets_no_new_access_until_reactivated(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    await _suspend_accesses(client, fr, ca)
    await call(client, "POST", f"/authorities/{ca}/status/suspend", fr.headers)
    grant = {"keywords": ["professional_qualifications.doctors"]}
    path = f"/authorities/{ca}/access/professional_qualifications"
    assert await refused(client, "POST", f"{path}/grant", fr.headers, grant) == (409, "DIR-107")
    request = {**grant, "access_coordinator_id": fr.authority_id}
    assert await refused(client, "POST", f"{path}/request", lda_headers(ca, "FR"), request) == (
        409,
        "DIR-109",
    )
    assert await refused(client, "POST", f"/authorities/{ca}/status/suspend", fr.headers) == (
        409,
        "DIR-103",
    )  # wrong state
    body = await call(client, "POST", f"/authorities/{ca}/status/reactivate", fr.headers)
    assert body["authority"]["status"] == "active"
    granted = await call(client, "POST", f"{path}/grant", fr.headers, grant)
    assert granted["authority"]["legislative_areas"]["professional_qualifications"]["status"] == (
        "active"
    )


async def test_dir_105_106_inactive_only_with_every_access_removed_then_deleted_after_6_months(
    directory, clock
):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    await _suspend_accesses(client, fr, ca)
    await call(client, "POST", f"/authorities/{ca}/status/suspend", fr.headers)
    assert await refused(client, "POST", f"/authorities/{ca}/status/set_inactive", fr.headers) == (
        409,
        "DIR-105",
    )
    await _remove_accesses(client, fr, ca)
    body = await call(client, "POST", f"/authorities/{ca}/status/set_inactive", fr.headers)
    assert body["authority"]["status"] == "inactive"
    clock.advance(days=150)
    assert ca not in await purge_due_authorities(ctx)
    clock.advance(days=40)
    assert ca in await purge_due_authorities(ctx)
    events = [t for t, _ in await outbox_events(ctx, ca)]
    assert events[-1] == "authority.deleted"


async def test_dir_097_unknown_status_action_is_not_routed(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    before = [t for t, _ in await outbox_events(ctx, ca)]
    response = await client.post(f"/authorities/{ca}/status/delete", headers=fr.headers)
    assert response.status_code == 422, response.text
    assert response.json()["rule"] and response.json()["error"]  # the common error body
    after = await call(client, "GET", f"/authorities/{ca}", fr.headers)
    assert after["authority"]["status"] == "active"
    assert [t for t, _ in await outbox_events(ctx, ca)] == before  # nothing emitted


async def test_dir_137_unknown_authority_is_404(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    assert await refused(client, "POST", "/authorities/nope/status/suspend", fr.headers) == (
        404,
        "DIR-137",
    )
