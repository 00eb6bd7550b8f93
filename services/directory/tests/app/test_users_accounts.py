"""Users over HTTP against real Kafka + MongoDB (DIR §3.8, X-017, X-019): creation, rights,
removal, and the temporary password that travels only sealed."""

from __future__ import annotations

import pytest
from support import helpdesk_headers, load_authority, seed_nimic, token_for
from users_support import (
    create_user,
    details,
    dumps,
    login,
    onboard,
    outbox_events,
    published,
    temporary_password,
    users_app,
)

from imi_directory.domain.staff import available_roles
from imi_shared.sealing import KeyShredded


@pytest.fixture
async def app(infra, topics, db_name, clock):
    async with users_app(infra, topics, db_name, clock) as started:
        yield started


def role_keys(roles) -> set[tuple]:
    return {(r["role"], r["la_code"], r["workflow"]) for r in roles}


async def test_dir_044_first_user_gets_lda_and_every_right(app):
    client, ctx, _ = app
    fr = await seed_nimic(ctx, "FR")
    user = await create_user(
        client, fr.authority_id, helpdesk_headers(), roles=[{"role": "basic_user"}]
    )  # ignored for the first user
    authority = await load_authority(ctx, fr.authority_id)
    assert role_keys(user["roles"]) == {
        (str(a.role), a.la_code, a.workflow and str(a.workflow)) for a in available_roles(authority)
    }
    assert ("local_data_admin", None, None) in role_keys(user["roles"])
    assert ("alert_forwarder", "services", "alerts") in role_keys(user["roles"])
    assert user["username"] == "fr_jdupont" and user["credential_stage"] == "awaiting_first_login"
    assert user["warnings"] and "DIR-089" in user["warnings"][0]
    [event] = await outbox_events(ctx, "user.created", user["id"])
    assert event["payload"]["first_user"] is True and event["member_state"] == "FR"


async def test_dir_081_unique_email_refused_naming_the_rule(app):
    client, ctx, _ = app
    fr = await seed_nimic(ctx, "FR")
    lda = await onboard(client, ctx, fr.authority_id)
    response = await client.post(
        f"/authorities/{fr.authority_id}/users",
        headers=lda.headers,
        json={"details": details("Paul", "Martin", email="  JEANNE.dupont@Example.fr ")},
    )
    assert response.status_code == 409, response.text
    assert response.json()["rule"] == "DIR-081"


async def test_dir_082_username_proposed_unique_and_dir_081_only_managers_add(app):
    client, ctx, _ = app
    fr = await seed_nimic(ctx, "FR")
    lda = await onboard(client, ctx, fr.authority_id)
    second = await create_user(
        client, fr.authority_id, lda.headers, details=details(email="j2@example.fr")
    )
    assert second["username"] == "fr_jdupont2"
    assert ("local_data_admin", None, None) not in role_keys(second["roles"])
    taken = await client.post(
        f"/authorities/{fr.authority_id}/users",
        headers=lda.headers,
        json={"details": details("A", "B"), "username": "fr_jdupont"},
    )
    assert taken.status_code == 409 and taken.json()["rule"] == "DIR-082"
    # a basic user of the authority (not `second`: it has not logged in yet, so its token
    # would be refused outright, DIR-095 / X-054)
    basic = token_for(user_id="u-basic", authority_id=fr.authority_id, member_state="FR")
    refused = await client.post(
        f"/authorities/{fr.authority_id}/users",
        headers={"Authorization": f"Bearer {basic}"},
        json={"details": details("C", "D")},
    )
    assert refused.status_code == 403 and refused.json()["rule"] == "DIR-081"
    listed = await client.get(f"/authorities/{fr.authority_id}/users", headers=lda.headers)
    assert {u["username"] for u in listed.json()["users"]} == {"fr_jdupont", "fr_jdupont2"}
    assert "warnings" not in listed.json()  # DIR-089: 2 users, no warning


async def test_dir_086_required_roles_stay_assigned(app):
    client, ctx, _ = app
    fr = await seed_nimic(ctx, "FR")
    lda = await onboard(client, ctx, fr.authority_id)
    user_id = lda.user["id"]
    # the only arbiter / request handler / data admin of a request coordinator
    response = await client.patch(
        f"/users/{user_id}/roles",
        headers=lda.headers,
        json={"roles": [{"role": "local_data_admin"}]},
    )
    assert response.status_code == 422 and response.json()["rule"] == "DIR-086"
    second = await create_user(
        client, fr.authority_id, lda.headers, details=details("Paul", "Martin")
    )
    kept = [r for r in second["roles"]] + [
        {"role": "request_handler", "la_code": "services", "workflow": "requests"}
    ]
    changed = await client.patch(
        f"/users/{second['id']}/roles",
        headers={**lda.headers, "If-Match": '"1"'},
        json={"roles": kept},
    )
    assert changed.status_code == 200, changed.text
    assert changed.headers["ETag"] == '"2"'
    stale = await client.patch(
        f"/users/{second['id']}/roles",
        headers={**lda.headers, "If-Match": '"1"'},
        json={"roles": kept},
    )
    assert stale.status_code == 409 and stale.json()["rule"] == "DIR-140"
    [event] = await outbox_events(ctx, "user.roles_changed", second["id"])
    assert {
        "role": "request_handler",
        "la_code": "services",
        "workflow": "requests",
        "is_default": False,
    } in event["payload"]["roles"]


async def test_dir_090_removed_user_loses_access_and_pd_is_locked(app):
    client, ctx, _ = app
    fr = await seed_nimic(ctx, "FR")
    lda = await onboard(client, ctx, fr.authority_id)
    other = await onboard(
        client, ctx, fr.authority_id, lda.headers, details=details("Paul", "Martin")
    )
    response = await client.delete(f"/users/{other.user['id']}", headers=lda.headers)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "removed" and "email" not in response.json()
    [event] = await outbox_events(ctx, "user.removed", other.user["id"])
    assert event["payload"]["actor_user_id"] == lda.user["id"]
    refused = await login(client, other.user["username"])
    assert refused.status_code == 401 and refused.json()["rule"] == "DIR-091"
    listed = (
        await client.get(f"/authorities/{fr.authority_id}/users", headers=lda.headers)
    ).json()["users"]
    [removed] = [u for u in listed if u["id"] == other.user["id"]]
    assert removed["status"] == "removed" and "email" not in removed
    again = await create_user(
        client, fr.authority_id, lda.headers, details=details("Paul", "Martin")
    )  # address free again
    assert again["username"] == "fr_pmartin2"


async def test_x017_dir_042_043_temporary_password_only_sealed_never_the_username(app, infra):
    client, ctx, _ = app
    fr = await seed_nimic(ctx, "FR")
    user = await create_user(client, fr.authority_id, helpdesk_headers())
    [envelope] = await outbox_events(ctx, "user.created", user["id"])
    sealed = envelope["payload"]["temporary_password"]
    # sealed under a key of its own, never the user's key (hashing.temporary_key_id)
    assert sealed["case_id"].startswith(f"user-temp:{user['id']}:") and sealed["kind"] == "text"
    assert envelope["schema_version"] == "2.0"  # 2.0: names and e-mail sealed too (RET-004)
    plain = await temporary_password(ctx, user["id"])
    assert len(plain) >= 12
    everything = dumps(await ctx.uow.db["outbox"].find().to_list(None))
    assert plain not in everything and user["username"] not in everything
    on_kafka = (await published(infra, ctx, envelope["event_id"])).decode()
    assert '"temporary_password":{"case_id":"user-temp:' in on_kafka
    assert plain not in on_kafka and user["username"] not in on_kafka
    assert plain not in dumps(user)  # the creator never sees it (DIR-043)
    stored = dumps(await ctx.uow.db["users"].find_one({"_id": user["id"]}))
    assert plain not in stored
    reset = await client.post(f"/users/{user['id']}/reset", headers=helpdesk_headers())
    assert reset.status_code == 200, reset.text
    [event] = await outbox_events(ctx, "user.credentials_reset", user["id"])
    new_plain = await temporary_password(ctx, user["id"], "user.credentials_reset")
    assert new_plain != plain and new_plain not in dumps(event)
    assert user["username"] not in dumps(event)
    with pytest.raises(KeyShredded):  # the reset replaced it: its key is shredded
        await temporary_password(ctx, user["id"])
