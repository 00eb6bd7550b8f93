"""Registration by a coordinator over HTTP (DIR §3.5, DIR-001, DIR-010..015, DIR-019,
DIR-025..027, DIR-045, DIR-110, DIR-137, X-004), with the events on the outbox."""

from __future__ import annotations

from support import (
    SERVICES,
    directory_app,
    headers_for,
    helpdesk_headers,
    load_authority,
    outbox_events,
    register_ca,
    register_via_api,
    registration_body,
    seed_nimic,
    workflow_spec,
)

from imi_directory.handlers.credential_kit import CredentialKit
from imi_testkit.outbox import outbox_event


async def test_dir_040_041_097_110_registered_authority_is_active_with_active_accesses(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    body = registration_body(
        "Mairie de Lyon",
        "Mairie@Lyon.test",
        spoken_languages=["fr"],
        nace_codes=["A"],
        policy_area_codes=["agriculture"],
        workflows=(
            workflow_spec("requests", associated=(fr.authority_id,)),
            workflow_spec("alerts", associated=(fr.authority_id,)),
        ),
    )
    response = await client.post("/authorities", json=body, headers=fr.headers)
    assert response.status_code == 201, response.text
    created = response.json()
    assert response.headers["location"] == f"/authorities/{created['id']}"
    authority = created["authority"]
    assert authority["status"] == "active"
    assert authority["member_state"] == "FR"
    assert authority["email"] == "mairie@lyon.test"
    services = authority["legislative_areas"][SERVICES]
    assert services["status"] == "active"
    assert {w["status"] for w in services["workflows"].values()} == {"active"}
    assert services["workflows"]["requests"]["role"] == "request_authority"
    events = [t for t, _ in await outbox_events(ctx, created["id"])]
    assert events == [
        "authority.registered",
        "authority.status_changed",
        "authority.access_changed",
        "authority.access_changed",
        "authority.access_changed",
    ]
    assert [e["event_type"] for e in created["events"]] == events


async def test_dir_019_registrar_becomes_validating_and_access_coordinator(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    authority = await load_authority(ctx, await register_ca(client, fr))
    assert authority.validating_coordinator_id == fr.authority_id
    assert authority.la(SERVICES).access_coordinator_id == fr.authority_id


async def test_dir_001_025_026_nimic_gets_every_la_keyword_and_horizontal_competence(directory):
    client, ctx = directory
    body = registration_body(
        "NIMIC Deutschland", "nimic@de.test", admin_role="nimic", keywords=(), member_state="DE"
    )
    response = await client.post("/authorities", json=body, headers=helpdesk_headers())
    assert response.status_code == 201, response.text
    authority = response.json()["authority"]
    assert authority["horizontal_competence"] is True
    assert set(authority["legislative_areas"]) == set(ctx.reference.la_codes())
    assert authority["legislative_areas"][SERVICES]["keywords"] == sorted(
        ctx.reference.keyword_codes_of(SERVICES)
    )
    assert authority["validating_coordinator_id"] is None  # the helpdesk manages a NIMIC


async def test_dir_010_second_nimic_of_a_state_is_refused(directory):
    client, ctx = directory
    await seed_nimic(ctx, "FR")
    body = registration_body(
        "NIMIC bis", "nimic2@fr.test", admin_role="nimic", keywords=(), member_state="FR"
    )
    response = await client.post("/authorities", json=body, headers=helpdesk_headers())
    assert response.status_code == 409
    assert response.json()["rule"] == "DIR-010"


async def test_dir_012_one_limic_per_la_per_state(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    for attempt, expected in (("1", 201), ("2", 409)):
        body = registration_body(
            f"LIMIC services {attempt}",
            f"limic{attempt}@fr.test",
            admin_role="limic",
            workflows=(workflow_spec("requests", role="request_coordinator"),),
        )
        response = await client.post("/authorities", json=body, headers=fr.headers)
        assert response.status_code == expected, response.text
    assert response.json()["rule"] == "DIR-012"


async def test_dir_013_nimic_name_must_contain_nimic(directory):
    client, _ = directory
    body = registration_body(
        "Ministère", "min@de.test", admin_role="nimic", keywords=(), member_state="DE"
    )
    response = await client.post("/authorities", json=body, headers=helpdesk_headers())
    assert response.status_code == 422
    assert response.json()["rule"] == "DIR-013"


async def test_dir_014_coordinator_cannot_register_in_another_member_state(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    body = registration_body(
        "Stadt Köln",
        "koeln@de.test",
        member_state="DE",
        workflows=(workflow_spec("requests", associated=()),),
    )
    response = await client.post("/authorities", json=body, headers=fr.headers)
    assert response.status_code == 403
    assert response.json()["rule"] == "DIR-014"


async def test_dir_015_040_competent_authority_cannot_register(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    ca = await register_ca(client, fr)
    as_ca_da = headers_for(
        user_id="u-ca", authority_id=ca, member_state="FR", data_admin_las=[SERVICES]
    )
    body = registration_body(
        "Autre",
        "autre@fr.test",
        workflows=(workflow_spec("requests", associated=(fr.authority_id,)),),
    )
    response = await client.post("/authorities", json=body, headers=as_ca_da)
    assert response.status_code == 403
    assert response.json()["rule"] == "DIR-015"
    not_a_da = fr.headers_as(data_admin_las=())
    unknown = headers_for(
        user_id="u-ghost", authority_id="ghost", member_state="FR", data_admin_las=[SERVICES]
    )
    for headers in (not_a_da, unknown):
        response = await client.post("/authorities", json=body, headers=headers)
        assert (response.status_code, response.json()["rule"]) == (403, "DIR-040")


async def test_x_004_unknown_legislative_area_is_refused(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    body = registration_body(
        "Mairie", "m@fr.test", la_code="astrology", workflows=(workflow_spec("requests"),)
    )
    response = await client.post("/authorities", json=body, headers=fr.headers)
    assert response.status_code == 422
    assert response.json()["rule"] == "X-004"
    alerts_outside_services = registration_body(
        "Ordre",
        "o@fr.test",
        la_code="professional_qualifications",
        keywords=("professional_qualifications.doctors",),
        workflows=(workflow_spec("alerts"),),
    )
    response = await client.post("/authorities", json=alerts_outside_services, headers=fr.headers)
    assert (response.status_code, response.json()["rule"]) == (422, "X-004")


async def test_dir_026_an_la_needs_a_keyword_from_its_list(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    for keywords in ((), ("professional_qualifications.doctors",)):
        body = registration_body(
            "Mairie",
            "m@fr.test",
            keywords=keywords,
            workflows=(workflow_spec("requests", associated=(fr.authority_id,)),),
        )
        response = await client.post("/authorities", json=body, headers=fr.headers)
        assert response.status_code == 422, response.text
        assert response.json()["rule"] == "DIR-026"


async def test_dir_025_competences_come_from_the_catalogues(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    body = registration_body(
        "Mairie",
        "m@fr.test",
        nace_codes=["ZZ"],
        workflows=(workflow_spec("requests", associated=(fr.authority_id,)),),
    )
    response = await client.post("/authorities", json=body, headers=fr.headers)
    assert (response.status_code, response.json()["rule"]) == (422, "DIR-025")


async def test_dir_027_authority_role_needs_an_associated_coordinator(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    body = registration_body("Mairie", "m@fr.test", workflows=(workflow_spec("requests"),))
    response = await client.post("/authorities", json=body, headers=fr.headers)
    assert (response.status_code, response.json()["rule"]) == (409, "DIR-027")
    ca = await register_ca(client, fr, "Prefecture")
    body = registration_body(
        "Mairie", "m@fr.test", workflows=(workflow_spec("requests", associated=(ca,)),)
    )
    response = await client.post("/authorities", json=body, headers=fr.headers)
    assert (response.status_code, response.json()["rule"]) == (422, "DIR-027")


async def test_dir_003_only_an_alert_coordinator_may_be_an_inbox(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    body = registration_body(
        "Mairie",
        "m@fr.test",
        workflows=(workflow_spec("alerts", associated=(fr.authority_id,), is_alert_inbox=True),),
    )
    response = await client.post("/authorities", json=body, headers=fr.headers)
    assert (response.status_code, response.json()["rule"]) == (422, "DIR-003")


async def test_dir_045_coordinator_parameters_are_set_at_registration(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    body = registration_body(
        "LIMIC services",
        "limic@fr.test",
        admin_role="limic",
        workflows=(
            workflow_spec(
                "requests", role="request_coordinator", parameters={"approve_requests": True}
            ),
        ),
    )
    authority = await load_authority(ctx, await register_via_api(client, fr.headers, body))
    parameters = authority.workflow(SERVICES, "requests").parameters
    assert parameters.approve_requests is True
    assert parameters.arbitration_participation is True  # DIR-034 default preselected


async def test_dir_137_authority_email_is_unique(directory):
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    await register_ca(client, fr, "Mairie", email="contact@mairie.test")
    body = registration_body(
        "Autre mairie",
        "CONTACT@mairie.test",
        workflows=(workflow_spec("requests", associated=(fr.authority_id,)),),
    )
    response = await client.post("/authorities", json=body, headers=fr.headers)
    assert (response.status_code, response.json()["rule"]) == (409, "DIR-137")


async def test_x_016_registration_needs_a_token(directory):
    client, _ = directory
    response = await client.post("/authorities", json=registration_body("M", "m@fr.test"))
    assert (response.status_code, response.json()["rule"]) == (401, "X-016")


async def test_dir_040_044_first_user_is_created_with_the_authority(infra, session_topics, db_name):
    kit = CredentialKit.for_tests()
    async with directory_app(infra, session_topics, db_name, kit=kit) as (client, ctx):
        fr = await seed_nimic(ctx, "FR")
        body = registration_body(
            "Mairie",
            "mairie@fr.test",
            workflows=(workflow_spec("requests", associated=(fr.authority_id,)),),
        )
        body["first_user"] = {
            "details": {
                "first_name": "Anne",
                "last_name": "Martin",
                "main_language": "fr",
                "email": "anne@fr.test",
            }
        }
        response = await client.post("/authorities", json=body, headers=fr.headers)
        assert response.status_code == 201, response.text
        authority_id = response.json()["id"]
        assert "user.created" in [e["event_type"] for e in response.json()["events"]]
        created = await outbox_event(
            ctx.uow.db,
            {"envelope.event_type": "user.created", "envelope.payload.authority_id": authority_id},
        )
        payload = created["envelope"]["payload"]
        assert payload["first_user"] is True
        assert "local_data_admin" in {r["role"] for r in payload["roles"]}
        assert "username" not in payload  # DIR-042: usernames are never e-mailed
