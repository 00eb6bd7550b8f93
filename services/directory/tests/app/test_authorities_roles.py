"""Role changes and coordinator functions over HTTP (DIR §3.12: DIR-127..DIR-129; DIR-002,
DIR-014, DIR-019, DIR-020)."""

from __future__ import annotations

from support import (
    SERVICES,
    call,
    headers_for,
    lda_headers,
    load_authority,
    outbox_events,
    refused,
    register_ca,
    register_via_api,
    registration_body,
    seed_nimic,
    workflow_spec,
)


def base(authority_id: str, la: str = SERVICES) -> str:
    return f"/authorities/{authority_id}/access/{la}"


async def _coordinator(client, fr, role: str, name: str) -> tuple[str, dict]:
    """A LIMIC or DIMIC of the services LA registered by the NIMIC, and its DA's headers."""
    authority_id = await register_via_api(
        client,
        fr.headers,
        registration_body(
            name,
            f"{role}@fr.test",
            admin_role=role,
            workflows=(workflow_spec("requests", role="request_coordinator"),),
        ),
    )
    return authority_id, headers_for(
        user_id=f"u-{role}", authority_id=authority_id, member_state="FR", data_admin_las=[SERVICES]
    )


async def test_dir_127_workflow_role_changes_only_while_suspended(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    change = {"role": "request_coordinator"}
    assert await refused(client, "PUT", f"{base(ca)}/requests/role", fr.headers, change) == (
        409,
        "DIR-127",
    )
    await call(client, "POST", f"{base(ca)}/requests/suspend", fr.headers)
    assert await refused(
        client, "PUT", f"{base(ca)}/requests/role", lda_headers(ca, "FR"), change
    ) == (403, "DIR-127")
    assert await refused(
        client, "PUT", f"{base(ca)}/requests/role", fr.headers, {"role": "alert_coordinator"}
    ) == (422, "DIR-002")
    body = await call(client, "PUT", f"{base(ca)}/requests/role", fr.headers, change)
    assert body["authority"]["legislative_areas"][SERVICES]["workflows"]["requests"]["role"] == (
        "request_coordinator"
    )
    last_type, last = (await outbox_events(ctx, ca))[-1]
    assert last_type == "authority.role_changed"
    assert (last["old_role"], last["new_role"]) == ("request_authority", "request_coordinator")


async def test_dir_127_role_may_change_while_the_access_is_requested(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr, workflows=("requests",))
    await call(client, "POST", f"{base(ca)}/alerts/request", lda_headers(ca, "FR"))
    body = await call(
        client,
        "PUT",
        f"{base(ca)}/alerts/role",
        fr.headers,
        {"role": "alert_coordinator", "is_alert_inbox": True},
    )
    alerts = body["authority"]["legislative_areas"][SERVICES]["workflows"]["alerts"]
    assert (alerts["role"], alerts["is_alert_inbox"], alerts["status"]) == (
        "alert_coordinator",
        True,
        "requested",
    )


async def test_dir_014_dimic_may_not_assign_alert_coordinator(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    dimic, dimic_da = await _coordinator(client, fr, "dimic", "DIMIC Rhône")
    ca = await register_ca(client, fr, workflows=("requests",))
    await call(
        client, "PUT", f"{base(ca)}/access-coordinator", fr.headers, {"coordinator_id": dimic}
    )
    await call(client, "POST", f"{base(ca)}/alerts/request", lda_headers(ca, "FR"))
    assert await refused(
        client, "PUT", f"{base(ca)}/alerts/role", dimic_da, {"role": "alert_coordinator"}
    ) == (403, "DIR-014")


async def test_dir_128_admin_role_changes_only_while_the_la_is_suspended(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    change = {"admin_role": "dimic"}
    assert await refused(client, "PUT", f"{base(ca)}/role", fr.headers, change) == (409, "DIR-128")
    await call(client, "POST", f"{base(ca)}/requests/suspend", fr.headers)
    await call(client, "POST", f"{base(ca)}/suspend", fr.headers)
    assert await refused(client, "PUT", f"{base(ca)}/role", lda_headers(ca, "FR"), change) == (
        403,
        "DIR-128",
    )
    body = await call(client, "PUT", f"{base(ca)}/role", fr.headers, change)
    assert body["authority"]["legislative_areas"][SERVICES]["admin_role"] == "dimic"


async def test_dir_129_role_change_keeps_one_limic_per_la(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    await _coordinator(client, fr, "limic", "LIMIC services")
    ca = await register_ca(client, fr)
    await call(client, "POST", f"{base(ca)}/requests/suspend", fr.headers)
    await call(client, "POST", f"{base(ca)}/suspend", fr.headers)
    assert await refused(
        client, "PUT", f"{base(ca)}/role", fr.headers, {"admin_role": "limic"}
    ) == (409, "DIR-129")


async def test_dir_019_functions_are_reassigned_to_another_coordinator(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    limic, limic_da = await _coordinator(client, fr, "limic", "LIMIC services")
    ca = await register_ca(client, fr)
    assert await refused(
        client,
        "PUT",
        f"/authorities/{ca}/validating-coordinator",
        limic_da,
        {"coordinator_id": limic},
    ) == (403, "DIR-019")
    await call(
        client,
        "PUT",
        f"/authorities/{ca}/validating-coordinator",
        fr.headers,
        {"coordinator_id": limic},
    )
    await call(
        client, "PUT", f"{base(ca)}/access-coordinator", fr.headers, {"coordinator_id": limic}
    )
    authority = await load_authority(ctx, ca)
    assert authority.validating_coordinator_id == limic
    assert authority.la(SERVICES).access_coordinator_id == limic
    # the new coordinator now manages the authority, the old one no longer does
    assert await refused(client, "POST", f"{base(ca)}/requests/suspend", fr.headers) == (
        403,
        "DIR-114",
    )
    await call(client, "POST", f"{base(ca)}/requests/suspend", limic_da)
    types = [t for t, _ in await outbox_events(ctx, ca)]
    assert types.count("authority.coordinator_function_reassigned") == 2


async def test_dir_020_a_coordinator_is_managed_by_a_higher_one(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    limic, _ = await _coordinator(client, fr, "limic", "LIMIC services")
    dimic, _ = await _coordinator(client, fr, "dimic", "DIMIC Rhône")
    assert await refused(
        client,
        "PUT",
        f"/authorities/{limic}/validating-coordinator",
        fr.headers,
        {"coordinator_id": dimic},
    ) == (403, "DIR-020")
    assert await refused(
        client, "PUT", f"{base(limic)}/access-coordinator", fr.headers, {"coordinator_id": dimic}
    ) == (403, "DIR-020")
