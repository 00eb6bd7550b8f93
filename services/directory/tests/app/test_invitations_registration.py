"""Self-registration with the invitation's code and its validation or refusal, over real Kafka
+ MongoDB (X-018, DIR-070..DIR-080, DIR-098..DIR-101, DIR-056, DIR-149)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from invitations_support import (
    coordinator,
    invitations_app,
    listed,
    outbox_events,
    registration,
    sent_invitation,
    stored,
)
from support import load_authority, register_ca
from users_support import first_login, temporary_password

from imi_directory.adapters.user_repository import UserRepository
from imi_directory.domain.timeutil import add_months
from imi_testkit.outbox import outbox_events as stored_events

LINK_NIMIC = "services", "requests"


@pytest.fixture
async def app(infra, topics, db_name, clock):
    async with invitations_app(infra, topics, db_name, clock) as (client, ctx):
        yield client, ctx, clock, await coordinator(ctx)


@pytest.fixture
async def registered(app):
    """An invitation sent, then used for self-registration a day later."""
    client, ctx, clock, fr = app
    invitation, code = await sent_invitation(client, ctx, clock, fr.headers)
    clock.now += timedelta(days=1)
    response = await client.post("/registrations", json=registration(code))
    assert response.status_code == 201, response.text
    return invitation, code, response.json()


def links(fr) -> dict:
    return {
        "associated_coordinators": [
            {"la_code": "services", "workflow": "requests", "coordinator_ids": [fr.authority_id]}
        ]
    }


async def test_x_018_captcha_and_code_required(app):
    client, ctx, clock, fr = app
    _, code = await sent_invitation(client, ctx, clock, fr.headers)
    no_captcha = await client.post("/registrations", json=registration(code, captcha=" "))
    assert (no_captcha.status_code, no_captcha.json()["rule"], no_captcha.json()["field"]) == (
        422,
        "X-018",
        "captcha",
    )
    no_code = await client.post("/registrations", json=registration(""))
    assert (no_code.json()["rule"], no_code.json()["field"]) == ("DIR-073", "code")
    wrong = await client.post("/registrations", json=registration("WRONGCODE"))
    assert (wrong.status_code, wrong.json()["rule"], wrong.json()["field"]) == (
        403,
        "DIR-073",
        "code",
    )
    assert "new invitation" in wrong.json()["error"]


async def test_x_018_captcha_verifier_is_pluggable(app):
    client, ctx, clock, fr = app
    _, code = await sent_invitation(client, ctx, clock, fr.headers)

    class Refuses:
        async def verify(self, token: str) -> bool:
            return token == "solved"

    app_ = client._transport.app
    app_.state.captcha_verifier = Refuses()
    try:
        refused = await client.post("/registrations", json=registration(code, captcha="ok"))
        assert refused.json()["rule"] == "X-018"
        accepted = await client.post("/registrations", json=registration(code, captcha="solved"))
        assert accepted.status_code == 201, accepted.text
    finally:
        del app_.state.captcha_verifier


async def test_dir_075_summary_with_username_before_finishing(app):
    client, ctx, clock, fr = app
    invitation, code = await sent_invitation(client, ctx, clock, fr.headers)
    unsaved = await client.post("/registrations", json=registration(code, summary_saved=False))
    assert (unsaved.status_code, unsaved.json()["rule"], unsaved.json()["field"]) == (
        409,
        "DIR-075",
        "summary_saved",
    )
    preview = await client.post(
        "/registrations/preview", json=registration(code, summary_saved=False)
    )
    assert preview.status_code == 200, preview.text
    summary = preview.json()
    assert summary["username"] == "fr_alegoff"
    assert summary["legislative_areas"] == [
        {"la_code": "services", "keywords": ["services.tourism"], "workflows": ["requests"]}
    ]
    assert (await stored(ctx, invitation["id"])).status == "sent_awaiting_registration"
    no_keyword = await client.post("/registrations", json=registration(code, keywords={}))
    assert (no_keyword.json()["rule"], no_keyword.json()["field"]) == ("DIR-026", "keywords")


async def test_dir_076_self_registration_and_code_single_use(app, registered):
    client, ctx, _, fr = app
    invitation, code, body = registered
    assert body["status"] == "registration_requested"
    assert body["invitation_status"] == "registered_awaiting_validation"
    assert body["username"] == "fr_alegoff"
    authority = await load_authority(ctx, body["registration_id"])
    assert authority.self_registered and authority.validating_coordinator_id == fr.authority_id
    assert {str(w.status) for _, w in authority.workflow_accesses()} == {"requested"}
    view = (await listed(client, fr.headers))[invitation["id"]]
    assert view["status"] == "registered_awaiting_validation"
    assert view["registered_authority_id"] == authority.id
    again = await client.post(
        "/registrations",
        json=registration(code, email="autre@example.fr", user_email="autre.user@example.fr"),
    )
    assert (again.status_code, again.json()["rule"], again.json()["field"]) == (
        403,
        "DIR-073",
        "code",
    )
    assert "already used" in again.json()["error"]
    assert await outbox_events(ctx, "user.created") == []  # DIR-079: not before validation


async def test_dir_079_validation_makes_the_authority_active(app, registered):
    client, ctx, _, fr = app
    invitation, _, body = registered
    registration_id = body["registration_id"]
    missing = await client.post(f"/registrations/{registration_id}/validate", headers=fr.headers)
    assert (missing.status_code, missing.json()["rule"]) == (409, "DIR-099")
    stranger = fr.headers_as(user_id="u-x", authority_id="someone-else")
    denied = await client.post(
        f"/registrations/{registration_id}/validate", headers=stranger, json=links(fr)
    )
    assert denied.status_code == 403
    validated = await client.post(
        f"/registrations/{registration_id}/validate", headers=fr.headers, json=links(fr)
    )
    assert validated.status_code == 200, validated.text
    authority = await load_authority(ctx, registration_id)
    assert str(authority.status) == "active"
    assert {str(w.status) for _, w in authority.workflow_accesses()} == {"active"}
    view = (await listed(client, fr.headers))[invitation["id"]]
    assert view["status"] == "authority_validated"
    assert datetime.fromisoformat(view["listed_until"]) == add_months(
        datetime.fromisoformat(view["status_changed_at"]), 3
    )  # DIR-056
    # the first user gets the user e-mails, with a temporary password sealed for the notifier
    users = (await ctx.uow.run(lambda tx: UserRepository(tx).of_authority(registration_id))).value
    [user] = users
    assert not user.awaiting_validation
    temporary = await temporary_password(ctx, user.id)
    first = await first_login(client, user.username, temporary)
    assert first.status_code == 200, first.text


async def test_dir_080_refusal_keeps_it_listed_six_months_and_validatable(app, registered):
    client, ctx, clock, fr = app
    invitation, _, body = registered
    registration_id = body["registration_id"]
    refused = await client.post(f"/registrations/{registration_id}/refuse", headers=fr.headers)
    assert refused.status_code == 200, refused.text
    assert str((await load_authority(ctx, registration_id)).status) == "registration_refused"
    view = (await listed(client, fr.headers))[invitation["id"]]
    assert view["status"] == "validation_refused"
    listed_until = datetime.fromisoformat(view["listed_until"])
    assert listed_until == add_months(clock.now, 6)  # DIR-056, X-035
    clock.now = listed_until - timedelta(days=1)
    assert invitation["id"] in await listed(client, fr.headers)
    # DIR-101 / DIR-149: still validatable within the 6 months
    validated = await client.post(
        f"/registrations/{registration_id}/validate", headers=fr.headers, json=links(fr)
    )
    assert validated.status_code == 200, validated.text
    assert str((await load_authority(ctx, registration_id)).status) == "active"


async def test_dir_149_refused_registration_not_listed_after_six_months(app, registered):
    client, _, clock, fr = app
    invitation, _, body = registered
    await client.post(f"/registrations/{body['registration_id']}/refuse", headers=fr.headers)
    clock.now = add_months(clock.now, 6)
    assert invitation["id"] not in await listed(client, fr.headers)
    late = await client.post(
        f"/registrations/{body['registration_id']}/validate", headers=fr.headers, json=links(fr)
    )
    assert (late.status_code, late.json()["rule"]) == (409, "DIR-101")


async def _event_types(ctx, authority_id: str, invitation_id: str, user_id: str) -> list[str]:
    """Types of the events queued for the authority, its invitation and its first user."""
    rows = await stored_events(
        ctx.uow.db, {"envelope.aggregate_id": {"$in": [authority_id, invitation_id, user_id]}}
    )
    return sorted(r["envelope"]["event_type"] for r in rows)


async def test_dir_071_079_099_status_endpoint_validates_a_self_registration_with_its_invitation(
    app, registered
):
    """POST /authorities/{id}/status/validate on a self-registered authority IS the
    registration's validation: the invitation becomes `authority_validated` (DIR-071), the
    waiting first user is announced and can log in (DIR-079), and the events are those of
    POST /registrations/{id}/validate."""
    client, ctx, clock, fr = app
    invitation, _, body = registered
    registration_id = body["registration_id"]
    [user] = (await ctx.uow.run(lambda tx: UserRepository(tx).of_authority(registration_id))).value
    before = await _event_types(ctx, registration_id, invitation["id"], user.id)

    validated = await client.post(
        f"/authorities/{registration_id}/status/validate", headers=fr.headers, json=links(fr)
    )
    assert validated.status_code == 200, validated.text
    assert str((await load_authority(ctx, registration_id)).status) == "active"
    assert (await stored(ctx, invitation["id"])).status == "authority_validated"
    assert (await listed(client, fr.headers))[invitation["id"]]["status"] == "authority_validated"
    [user] = (await ctx.uow.run(lambda tx: UserRepository(tx).of_authority(registration_id))).value
    assert not user.awaiting_validation
    first = await first_login(client, user.username, await temporary_password(ctx, user.id))
    assert first.status_code == 200, first.text
    through_status = await _event_types(ctx, registration_id, invitation["id"], user.id)
    emitted = list(through_status)
    for kind in before:
        emitted.remove(kind)
    assert "invitation.status_changed" in emitted and "user.created" in emitted

    # the same through the registration route, for a second self-registration
    other, code = await sent_invitation(
        client, ctx, clock, fr.headers, name="Mairie de Quimper", email="contact@mairie-quimper.fr"
    )
    clock.now += timedelta(days=1)
    response = await client.post(
        "/registrations",
        json=registration(
            code,
            email="contact@mairie-quimper.fr",
            user_email="yann@mairie-quimper.fr",
            details={"official_name": "Mairie de Quimper", "email": "contact@mairie-quimper.fr"},
        ),
    )
    assert response.status_code == 201, response.text
    other_id = response.json()["registration_id"]
    [other_user] = (await ctx.uow.run(lambda tx: UserRepository(tx).of_authority(other_id))).value
    other_before = await _event_types(ctx, other_id, other["id"], other_user.id)
    assert sorted(other_before) == sorted(before)
    reference = await client.post(
        f"/registrations/{other_id}/validate", headers=fr.headers, json=links(fr)
    )
    assert reference.status_code == 200, reference.text
    assert sorted(e["event_type"] for e in reference.json()["events"]) == sorted(
        e["event_type"] for e in validated.json()["events"]
    )
    assert await _event_types(ctx, other_id, other["id"], other_user.id) == through_status


async def test_dir_072_080_status_endpoint_refuses_a_self_registration_with_its_invitation(
    app, registered
):
    """POST /authorities/{id}/status/refuse_registration on a self-registered authority:
    authority `registration_refused` and invitation `validation_refused`, kept 6 months
    (DIR-072, DIR-080, DIR-100); then the generic validation still works (DIR-101)."""
    client, ctx, clock, fr = app
    invitation, _, body = registered
    registration_id = body["registration_id"]
    refused = await client.post(
        f"/authorities/{registration_id}/status/refuse_registration", headers=fr.headers
    )
    assert refused.status_code == 200, refused.text
    assert "invitation.status_changed" in [e["event_type"] for e in refused.json()["events"]]
    assert str((await load_authority(ctx, registration_id)).status) == "registration_refused"
    view = (await listed(client, fr.headers))[invitation["id"]]
    assert view["status"] == "validation_refused"
    assert datetime.fromisoformat(view["listed_until"]) == add_months(clock.now, 6)
    validated = await client.post(
        f"/authorities/{registration_id}/status/validate", headers=fr.headers, json=links(fr)
    )
    assert validated.status_code == 200, validated.text
    assert (await stored(ctx, invitation["id"])).status == "authority_validated"


async def test_dir_078_associated_coordinators_in_the_status_body_only_for_self_registrations(app):
    """DIR-078: the validation body designates associated coordinators of a self-registration;
    on another authority's status change it is refused (422 naming DIR-078), not ignored."""
    client, _, _, fr = app
    authority_id = await register_ca(client, fr, "Mairie de Vannes")
    response = await client.post(
        f"/authorities/{authority_id}/status/suspend", headers=fr.headers, json=links(fr)
    )
    assert (response.status_code, response.json()["rule"]) == (422, "DIR-078")
