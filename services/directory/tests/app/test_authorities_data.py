"""Authority data and workflow parameters over HTTP (DIR §3.3, §3.4: DIR-017, DIR-018,
DIR-022, DIR-023, DIR-025..DIR-027, DIR-029..DIR-038, DIR-137, X-021)."""

from __future__ import annotations

from support import (
    SERVICES,
    call,
    lda_headers,
    outbox_events,
    refused,
    register_ca,
    register_via_api,
    registration_body,
    seed_nimic,
    workflow_spec,
)

from imi_directory.domain.events import CONTACT_FIELDS
from imi_shared.sealing import SealedValue

PQ = "professional_qualifications"


async def test_dir_029_017_lda_updates_the_authority_data(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    changes = {
        "informal_name": "Mairie",
        "informal_name_language": "fr",
        "description": "Guichet unique",
        "description_language": "fr",
        "spoken_languages": ["fr", "en"],
        "address": "1 place",
        "phone": "+33 1",
        "website": "https://mairie.test",
        "nace_codes": ["A"],
        "policy_area_codes": ["agriculture"],
    }
    body = await call(client, "PATCH", f"/authorities/{ca}", lda_headers(ca, "FR"), changes)
    assert {k: body["authority"][k] for k in changes} == changes
    event_type, payload = (await outbox_events(ctx, ca))[-1]
    contact = {k: v for k, v in changes.items() if k in CONTACT_FIELDS}
    in_clear = {k: v for k, v in changes.items() if k not in CONTACT_FIELDS}
    assert event_type == "authority.data_changed" and payload["changes"] == in_clear
    sealed = SealedValue.model_validate(payload["sealed_contact"])  # RET-004
    assert sealed.case_id == f"authority:{ca}" and await ctx.sealer.unseal(sealed) == contact
    body = await call(client, "PATCH", f"/authorities/{ca}", fr.headers, {"phone": "+33 2"})
    assert body["authority"]["phone"] == "+33 2"  # DIR-017: the validating coordinator too


async def test_dir_029_only_its_ldas_and_validating_coordinator_edit(directory):
    client, ctx = directory
    fr, de = await seed_nimic(ctx, "FR"), await seed_nimic(ctx, "DE")
    ca = await register_ca(client, fr)
    other = await register_ca(client, fr, "Autre")
    for headers in (lda_headers(other, "FR"), de.headers):
        assert await refused(client, "PATCH", f"/authorities/{ca}", headers, {"phone": "1"}) == (
            403,
            "DIR-029",
        )


async def test_dir_023_official_name_only_by_the_validating_coordinator(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    assert await refused(
        client, "PATCH", f"/authorities/{ca}", lda_headers(ca, "FR"), {"official_name": "Autre"}
    ) == (403, "DIR-023")
    body = await call(
        client, "PATCH", f"/authorities/{ca}", fr.headers, {"official_name": "Ville de Lyon"}
    )
    assert body["authority"]["official_name"] == "Ville de Lyon"


async def test_dir_022_025_x_021_unknown_fields_and_codes_are_refused(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    lda, path = lda_headers(ca, "FR"), f"/authorities/{ca}"
    assert await refused(client, "PATCH", path, lda, {"status": "active"}) == (422, "DIR-022")
    assert await refused(client, "PATCH", path, lda, {"policy_area_codes": ["x"]}) == (
        422,
        "DIR-025",
    )
    assert await refused(client, "PATCH", path, lda, {"spoken_languages": ["xx"]}) == (422, "X-021")


async def test_dir_137_email_unique_and_stale_edits_refused(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr, email="a@fr.test")
    await register_ca(client, fr, "Autre", email="b@fr.test")
    lda, path = lda_headers(ca, "FR"), f"/authorities/{ca}"
    assert await refused(client, "PATCH", path, lda, {"email": "B@fr.test"}) == (409, "DIR-137")
    assert await refused(client, "PATCH", path, lda, {"email": "nope"}) == (422, "DIR-137")
    old_etag = (await client.get(path, headers=lda)).headers["etag"]
    await call(client, "PATCH", path, lda, {"phone": "1"})
    stale = await client.patch(path, headers={**lda, "If-Match": old_etag}, json={"phone": "2"})
    assert (stale.status_code, stale.json()["rule"]) == (409, "DIR-137")
    current_etag = (await client.get(path, headers=lda)).headers["etag"]
    fresh = await client.patch(path, headers={**lda, "If-Match": current_etag}, json={"phone": "2"})
    assert fresh.status_code == 200 and fresh.json()["authority"]["phone"] == "2"
    assert fresh.headers["etag"] != current_etag


async def test_dir_018_026_la_data_keywords_and_linked_authorities(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    lda, path = lda_headers(ca, "FR"), f"/authorities/{ca}/access/{SERVICES}"
    body = await call(client, "PATCH", path, lda, {"keywords": ["services.tourism"]})
    assert body["authority"]["legislative_areas"][SERVICES]["keywords"] == ["services.tourism"]
    assert await refused(client, "PATCH", path, lda, {"keywords": []}) == (422, "DIR-026")
    assert await refused(client, "PATCH", path, lda, {"linked_authority_ids": ["x"]}) == (
        403,
        "DIR-018",
    )
    await call(client, "PATCH", path, fr.headers, {"linked_authority_ids": [fr.authority_id]})
    nimic_path = f"/authorities/{fr.authority_id}/access/{SERVICES}"
    assert await refused(
        client, "PATCH", nimic_path, fr.headers, {"keywords": ["services.tourism"]}
    ) == (403, "DIR-026")


async def test_dir_027_associated_coordinators_changed_by_lda_or_access_coordinator(directory):
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
    ca = await register_ca(client, fr)
    other_ca = await register_ca(client, fr, "Autre")
    path = f"/authorities/{ca}/access/{SERVICES}/requests/associated-coordinators"
    body = await call(
        client, "PUT", path, lda_headers(ca, "FR"), {"coordinator_ids": [limic, fr.authority_id]}
    )
    assert body["authority"]["legislative_areas"][SERVICES]["workflows"]["requests"][
        "associated_coordinator_ids"
    ] == [limic, fr.authority_id]
    assert (await outbox_events(ctx, ca))[-1][0] == "authority.associated_coordinators_changed"
    assert await refused(client, "PUT", path, fr.headers, {"coordinator_ids": []}) == (
        409,
        "DIR-027",
    )
    assert await refused(client, "PUT", path, fr.headers, {"coordinator_ids": [other_ca]}) == (
        422,
        "DIR-027",
    )
    assert await refused(
        client, "PUT", path, lda_headers(other_ca, "FR"), {"coordinator_ids": [limic]}
    ) == (403, "DIR-027")


async def test_dir_030_031_032_033_035_038_who_sets_which_parameter(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    lda, path = lda_headers(ca, "FR"), f"/authorities/{ca}/access/{SERVICES}/requests/parameters"
    for name, rule in (
        ("approval_required", "DIR-030"),
        ("may_refuse_requests", "DIR-031"),
        ("may_accept_incoming_requests", "DIR-032"),
    ):
        assert await refused(client, "PUT", path, lda, {"parameters": {name: True}}) == (403, rule)
    body = await call(
        client,
        "PUT",
        path,
        fr.headers,
        {"parameters": {"approval_required": True, "may_refuse_requests": True}},
    )
    parameters = body["authority"]["legislative_areas"][SERVICES]["workflows"]["requests"][
        "parameters"
    ]
    assert parameters["approval_required"] and parameters["may_refuse_requests"]
    assert await refused(
        client, "PUT", path, fr.headers, {"parameters": {"allocation_enabled": True}}
    ) == (403, "DIR-033")
    await call(client, "PUT", path, lda, {"parameters": {"allocation_enabled": True}})
    event_type, payload = (await outbox_events(ctx, ca))[-1]
    assert event_type == "authority.parameters_changed"
    assert payload["parameters"]["allocation_enabled"] is True
    assert await refused(
        client, "PUT", path, fr.headers, {"parameters": {"approve_requests": True}}
    ) == (422, "DIR-035")
    assert await refused(client, "PUT", path, fr.headers, {"parameters": {"telepathy": True}}) == (
        422,
        "DIR-038",
    )


async def test_dir_034_036_037_coordinator_parameters_by_the_coordinator_itself(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    path = f"/authorities/{fr.authority_id}/access/{SERVICES}"
    body = await call(
        client,
        "PUT",
        f"{path}/requests/parameters",
        fr.headers,
        {"parameters": {"arbitration_participation": False, "approve_replies": True}},
    )
    requests = body["authority"]["legislative_areas"][SERVICES]["workflows"]["requests"]
    assert requests["parameters"]["arbitration_participation"] is False
    body = await call(
        client,
        "PUT",
        f"{path}/alerts/parameters",
        fr.headers,
        {"parameters": {"final_approval": True}},
    )
    alerts = body["authority"]["legislative_areas"][SERVICES]["workflows"]["alerts"]
    assert alerts["parameters"]["final_approval"] is True
    other_la = body["authority"]["legislative_areas"][PQ]["workflows"]["requests"]
    assert other_la["parameters"]["approve_replies"] is False  # DIR-038: per LA


async def test_dir_136_req_095_the_bus_tells_requests_which_authorities_a_coordinator_follows(
    directory,
):
    """DIR-136 is REQ-095's monitoring search, which the requests service runs over its own
    requests; the directory's share is to publish, per authority, LA and workflow, which
    coordinators it is associated with, at registration and on every change, so the requests
    service can list "the requests of the authorities I coordinate"."""
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    limic = await register_via_api(
        client,
        fr.headers,
        registration_body(
            "LIMIC services bis",
            "limic-bis@fr.test",
            admin_role="limic",
            workflows=(workflow_spec("requests", role="request_coordinator"),),
        ),
    )
    ca = await register_ca(client, fr, "Suivie")
    registered = (await outbox_events(ctx, ca))[0]
    assert registered[0] == "authority.registered"
    flows = {
        w["workflow"]: w
        for la in registered[1]["legislative_areas"]
        for w in la["workflows"]
        if la["la_code"] == SERVICES
    }
    assert flows["requests"]["associated_coordinator_ids"] == [fr.authority_id]

    path = f"/authorities/{ca}/access/{SERVICES}/requests/associated-coordinators"
    await call(client, "PUT", path, lda_headers(ca, "FR"), {"coordinator_ids": [limic]})
    changed_type, changed = (await outbox_events(ctx, ca))[-1]
    assert changed_type == "authority.associated_coordinators_changed"
    assert (changed["la_code"], changed["workflow"], changed["coordinator_ids"]) == (
        SERVICES,
        "requests",
        [limic],
    )
