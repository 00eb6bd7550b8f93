"""LA-access and workflow-access status machines over HTTP (DIR §3.11: DIR-110..DIR-125,
DIR-021, DIR-128 first clause, X-004)."""

from __future__ import annotations

from support import (
    SERVICES,
    call,
    helpdesk_headers,
    lda_headers,
    outbox_events,
    refused,
    register_ca,
    register_via_api,
    registration_body,
    seed_nimic,
    workflow_spec,
)

PQ = "professional_qualifications"
PQ_KEYWORDS = {"keywords": [f"{PQ}.doctors"]}


def base(authority_id: str, la: str = SERVICES) -> str:
    return f"/authorities/{authority_id}/access/{la}"


def status_of(body: dict, la: str, workflow: str | None = None) -> str | None:
    area = body["authority"]["legislative_areas"][la]
    if workflow is None:
        return area["status"]
    access = area["workflows"].get(workflow)
    return access and access["status"]


async def test_dir_110_coordinator_grants_a_new_la_then_a_workflow(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    body = await call(client, "POST", f"{base(ca, PQ)}/grant", fr.headers, PQ_KEYWORDS)
    assert status_of(body, PQ) == "active"
    assert body["authority"]["legislative_areas"][PQ]["access_coordinator_id"] == fr.authority_id
    body = await call(
        client,
        "POST",
        f"{base(ca, PQ)}/requests/grant",
        fr.headers,
        {"associated_coordinator_ids": [fr.authority_id]},
    )
    assert status_of(body, PQ, "requests") == "active"
    payloads = [p for t, p in await outbox_events(ctx, ca) if t == "authority.access_changed"]
    assert (
        payloads[-1]["la_code"],
        payloads[-1]["workflow"],
        payloads[-1]["old_status"],
        payloads[-1]["new_status"],
    ) == (PQ, "requests", None, "active")


async def test_dir_110_only_a_coordinator_da_grants(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    assert await refused(
        client, "POST", f"{base(ca, PQ)}/grant", lda_headers(ca, "FR"), PQ_KEYWORDS
    ) == (403, "DIR-110")


async def test_x_004_dir_026_grant_checks_la_workflow_and_keywords(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    assert await refused(
        client, "POST", f"{base(ca, 'astrology')}/grant", fr.headers, PQ_KEYWORDS
    ) == (422, "X-004")
    assert await refused(client, "POST", f"{base(ca, PQ)}/grant", fr.headers, {"keywords": []}) == (
        422,
        "DIR-026",
    )
    await call(client, "POST", f"{base(ca, PQ)}/grant", fr.headers, PQ_KEYWORDS)
    assert await refused(client, "POST", f"{base(ca, PQ)}/alerts/grant", fr.headers) == (
        422,
        "X-004",
    )
    assert await refused(client, "POST", f"{base(ca, PQ)}/telepathy/grant", fr.headers) == (
        422,
        "X-004",
    )


async def test_dir_111_112_lda_requests_an_la_and_the_access_coordinator_grants(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    request = {**PQ_KEYWORDS, "access_coordinator_id": fr.authority_id}
    assert await refused(client, "POST", f"{base(ca, PQ)}/request", fr.headers, request) == (
        403,
        "DIR-111",
    )
    body = await call(client, "POST", f"{base(ca, PQ)}/request", lda_headers(ca, "FR"), request)
    assert status_of(body, PQ) == "requested"
    assert await refused(client, "POST", f"{base(ca, PQ)}/grant", lda_headers(ca, "FR")) == (
        403,
        "DIR-112",
    )
    body = await call(client, "POST", f"{base(ca, PQ)}/grant", fr.headers)
    assert status_of(body, PQ) == "active"
    assert await refused(client, "POST", f"{base(ca, PQ)}/grant", fr.headers) == (409, "DIR-112")


async def test_dir_124_lda_edits_la_data_while_requested(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    request = {**PQ_KEYWORDS, "access_coordinator_id": fr.authority_id}
    await call(client, "POST", f"{base(ca, PQ)}/request", lda_headers(ca, "FR"), request)
    body = await call(
        client, "PATCH", base(ca, PQ), lda_headers(ca, "FR"), {"keywords": [f"{PQ}.nurses"]}
    )
    assert body["authority"]["legislative_areas"][PQ]["keywords"] == [f"{PQ}.nurses"]


async def test_dir_125_113_workflow_requested_in_an_active_la_and_refused(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    lda = lda_headers(ca, "FR")
    await call(
        client,
        "POST",
        f"{base(ca, PQ)}/request",
        lda,
        {**PQ_KEYWORDS, "access_coordinator_id": fr.authority_id},
    )
    assert await refused(client, "POST", f"{base(ca, PQ)}/requests/request", lda) == (
        409,
        "DIR-125",
    )
    await call(client, "POST", f"{base(ca, PQ)}/grant", fr.headers)
    body = await call(client, "POST", f"{base(ca, PQ)}/requests/request", lda)
    assert status_of(body, PQ, "requests") == "requested"
    body = await call(client, "POST", f"{base(ca, PQ)}/requests/refuse", fr.headers)
    assert status_of(body, PQ, "requests") is None  # the request is deleted
    last = [p for t, p in await outbox_events(ctx, ca) if t == "authority.access_changed"][-1]
    assert (last["action"], last["old_status"], last["new_status"]) == ("refuse", "requested", None)


async def test_dir_113_an_la_request_cannot_be_refused(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    await call(
        client,
        "POST",
        f"{base(ca, PQ)}/request",
        lda_headers(ca, "FR"),
        {**PQ_KEYWORDS, "access_coordinator_id": fr.authority_id},
    )
    assert await refused(client, "POST", f"{base(ca, PQ)}/refuse", fr.headers) == (409, "DIR-113")


async def test_dir_114_115_116_117_suspend_reactivate_and_reactivation_requests(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    lda, wf = lda_headers(ca, "FR"), f"{base(ca)}/requests"
    assert (
        status_of(await call(client, "POST", f"{wf}/suspend", fr.headers), SERVICES, "requests")
        == "suspended"
    )
    assert (
        status_of(await call(client, "POST", f"{wf}/reactivate", fr.headers), SERVICES, "requests")
        == "active"
    )
    await call(client, "POST", f"{wf}/suspend", fr.headers)
    assert await refused(client, "POST", f"{wf}/request_reactivation", fr.headers) == (
        403,
        "DIR-116",
    )
    body = await call(client, "POST", f"{wf}/request_reactivation", lda)
    assert status_of(body, SERVICES, "requests") == "suspended_reactivation_requested"
    body = await call(client, "POST", f"{wf}/refuse_reactivation", fr.headers)
    assert status_of(body, SERVICES, "requests") == "suspended"
    await call(client, "POST", f"{wf}/request_reactivation", lda)
    body = await call(client, "POST", f"{wf}/accept_reactivation", fr.headers)
    assert status_of(body, SERVICES, "requests") == "active"
    assert await refused(client, "POST", f"{wf}/reactivate", fr.headers) == (409, "DIR-115")


async def test_dir_114_access_coordinator_of_another_state_cannot_suspend(directory):
    client, ctx = directory
    fr, de = await seed_nimic(ctx, "FR"), await seed_nimic(ctx, "DE")
    ca = await register_ca(client, fr)
    assert await refused(client, "POST", f"{base(ca)}/requests/suspend", de.headers) == (
        403,
        "DIR-114",
    )


async def test_dir_128_la_suspended_only_after_its_workflows(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    assert await refused(client, "POST", f"{base(ca)}/suspend", fr.headers) == (409, "DIR-128")
    await call(client, "POST", f"{base(ca)}/requests/suspend", fr.headers)
    assert (
        status_of(await call(client, "POST", f"{base(ca)}/suspend", fr.headers), SERVICES)
        == "suspended"
    )


async def test_dir_118_119_removal_workflows_first_then_la(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    assert await refused(client, "POST", f"{base(ca)}/requests/remove", fr.headers) == (
        409,
        "DIR-119",
    )  # still active
    await call(client, "POST", f"{base(ca)}/requests/suspend", fr.headers)
    await call(client, "POST", f"{base(ca)}/suspend", fr.headers)
    assert await refused(client, "POST", f"{base(ca)}/remove", fr.headers) == (409, "DIR-118")
    body = await call(client, "POST", f"{base(ca)}/requests/remove", fr.headers)
    assert status_of(body, SERVICES, "requests") == "removed"
    assert (
        status_of(await call(client, "POST", f"{base(ca)}/remove", fr.headers), SERVICES)
        == "removed"
    )


async def test_dir_120_121_122_123_reactivation_of_removed_accesses(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    lda = lda_headers(ca, "FR")
    for path in (f"{base(ca)}/requests", base(ca)):
        await call(client, "POST", f"{path}/suspend", fr.headers)
    for path in (f"{base(ca)}/requests", base(ca)):
        await call(client, "POST", f"{path}/remove", fr.headers)
    body = await call(client, "POST", f"{base(ca)}/request_reactivation", lda)
    assert status_of(body, SERVICES) == "removed_reactivation_requested"
    body = await call(client, "POST", f"{base(ca)}/refuse_reactivation", fr.headers)
    assert status_of(body, SERVICES) == "removed"  # DIR-123
    body = await call(client, "POST", f"{base(ca)}/start_reactivation", fr.headers)
    assert status_of(body, SERVICES) == "suspended"  # DIR-121
    await call(client, "POST", f"{base(ca)}/reactivate", fr.headers)
    assert await refused(client, "POST", f"{base(ca)}/requests/start_reactivation", fr.headers) == (
        409,
        "DIR-121",
    )  # LA level only
    await call(client, "POST", f"{base(ca)}/requests/request_reactivation", lda)  # DIR-120
    body = await call(client, "POST", f"{base(ca)}/requests/accept_reactivation", fr.headers)
    assert status_of(body, SERVICES, "requests") == "active"
    assert [
        (p["old_status"], p["new_status"])
        for p in [e for t, e in await outbox_events(ctx, ca) if t == "authority.access_changed"][
            -2:
        ]
    ] == [("removed_reactivation_requested", "suspended"), ("suspended", "active")]


async def test_dir_021_a_coordinators_access_is_suspended_through_the_helpdesk(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    limic = await register_via_api(
        client,
        fr.headers,
        registration_body(
            "LIMIC services",
            "limic@fr.test",
            admin_role="limic",
            workflows=(workflow_spec("requests", role="request_coordinator"),),
        ),
    )
    assert await refused(client, "POST", f"{base(limic)}/requests/suspend", fr.headers) == (
        403,
        "DIR-021",
    )
    body = await call(client, "POST", f"{base(limic)}/requests/suspend", helpdesk_headers())
    assert status_of(body, SERVICES, "requests") == "suspended"
