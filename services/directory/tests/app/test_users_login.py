"""Authentication over HTTP against real Kafka + MongoDB (DIR §3.9, X-016, X-054)."""

from __future__ import annotations

import json
import random

import jwt
import pytest
from support import ISSUER, helpdesk_headers, seed_nimic, token_for
from users_support import (
    CODE,
    NEW_PASSWORD,
    create_user,
    details,
    dumps,
    first_login,
    login,
    onboard,
    outbox_events,
    temporary_password,
    users_app,
)

from imi_directory.domain.credentials import choose_code_positions
from imi_shared.auth import TokenVerifier, load_public_key

SEED = 2026


@pytest.fixture
async def app(infra, topics, db_name, clock):
    # DIR-094's lock-out after 5 failures is tested here, not the back-off in front of it
    more = {"login_user_free_attempts": 10}
    async with users_app(infra, topics, db_name, clock, seed=SEED, settings=more) as started:
        yield started


async def test_dir_092_first_login_forces_new_password_then_code(app):
    client, ctx, _ = app
    fr = await seed_nimic(ctx, "FR")
    user = await create_user(client, fr.authority_id, helpdesk_headers())
    temporary = await temporary_password(ctx, user["id"])
    early = await login(client, user["username"], temporary)
    assert early.status_code == 409 and early.json()["rule"] == "DIR-092"
    for code, why in (
        ("Abc!def1234", "12 characters"),  # DIR-146: 11 characters
        ("Abcdef123456", "symbols"),  # DIR-146: no symbol
        ("abc!def!ghij", "digits"),
        ("123!456!7890", "letters"),
        ("Abc def12345", "blanks"),
    ):
        refused = await first_login(client, user["username"], temporary, code=code)
        assert refused.status_code == 422, code
        assert refused.json()["rule"] == "DIR-092" and why in refused.json()["error"]
    same = await first_login(client, user["username"], temporary, new_password=temporary)
    assert same.status_code == 422 and same.json()["rule"] == "DIR-092"
    short = await first_login(client, user["username"], temporary, new_password="Short-1")
    assert short.status_code == 422 and short.json()["rule"] == "DIR-092"
    wrong = await first_login(client, user["username"], "not-the-temporary")
    assert wrong.status_code == 401 and wrong.json()["rule"] == "DIR-091"
    accepted = await first_login(client, user["username"], temporary)  # DIR-146 "Abc!def12345"
    assert accepted.status_code == 200, accepted.text
    assert (await login(client, user["username"])).status_code == 200
    assert (await login(client, user["username"], temporary)).status_code == 401
    again = await first_login(client, user["username"], temporary)
    assert again.status_code == 401  # the temporary password is spent


async def test_dir_093_three_random_positions_from_injected_rng(app):
    client, _ctx, _ = app
    expected = random.Random(SEED)
    seen = set()
    for _ in range(6):
        response = await client.post("/auth/challenge", json={"username": "fr_whoever"})
        assert response.status_code == 200
        positions = tuple(response.json()["positions"])
        assert positions == choose_code_positions(expected)
        assert len(set(positions)) == 3 and all(1 <= p <= 12 for p in positions)
        seen.add(positions)
    assert len(seen) > 1  # random, not fixed


async def test_dir_091_093_login_answers_the_positions_asked_once(app):
    client, ctx, _ = app
    fr = await seed_nimic(ctx, "FR")
    lda = await onboard(client, ctx, fr.authority_id)
    username = lda.user["username"]
    asked = (await client.post("/auth/challenge", json={"username": username})).json()
    positions = asked["positions"]
    others = [p for p in range(1, 13) if p not in positions][:3]
    off = await client.post(
        "/auth/login",
        json={
            "username": username,
            "password": NEW_PASSWORD,
            "code_chars": {str(p): CODE[p - 1] for p in others},
            "challenge_id": asked["challenge_id"],
        },
    )
    assert off.status_code == 401  # right characters, but not the positions asked
    # one answer for every wrong factor, naming DIR-091 (it reveals nothing of which one)
    assert off.json()["rule"] == "DIR-091" and "access_token" not in off.json()
    no_challenge = await client.post(
        "/auth/login",
        json={
            "username": username,
            "password": NEW_PASSWORD,
            "code_chars": {str(p): CODE[p - 1] for p in positions},
            "challenge_id": asked["challenge_id"],
        },
    )
    assert no_challenge.status_code == 401  # the challenge was single-use
    assert no_challenge.json()["rule"] == "DIR-093"
    case = await login(client, username, NEW_PASSWORD.upper())
    assert case.status_code == 401  # DIR-091: case-sensitive
    assert case.json()["rule"] == "DIR-091"
    nobody = await login(client, "fr_nobody")
    assert nobody.status_code == 401 and nobody.json()["rule"] == "DIR-091"
    right = await login(client, username)
    assert right.status_code == 200, right.text
    assert right.json()["access_token"]


async def test_x016_x054_token_verifies_with_the_public_key_and_carries_the_principal(app):
    client, ctx, _ = app
    fr = await seed_nimic(ctx, "FR")
    lda = await onboard(client, ctx, fr.authority_id)
    response = await login(client, lda.user["username"])
    body = response.json()
    principal = TokenVerifier(load_public_key("", "local"), ISSUER).verify(body["access_token"])
    assert principal.user_id == lda.user["id"] and principal.username == "fr_jdupont"
    assert principal.authority_id == fr.authority_id and principal.member_state == "FR"
    assert principal.local_data_admin and set(principal.data_admin_las) == set(fr.la_codes)
    assert principal.has_admin_role("services", "nimic")
    assert principal.has_right("services", "requests", "arbiter")
    assert principal.has_right("services", "alerts", "alert_forwarder")
    assert body["principal"] == principal.model_dump(mode="json")
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == body["expires_in"] == 15 * 60  # short-lived
    listed = await client.get(
        f"/authorities/{fr.authority_id}/users",
        headers={"Authorization": f"Bearer {body['access_token']}"},
    )
    assert listed.status_code == 200  # the directory itself accepts its token


async def test_dir_094_five_failures_lock_dir_095_lda_reset_unlocks(app):
    client, ctx, _ = app
    fr = await seed_nimic(ctx, "FR")
    lda = await onboard(client, ctx, fr.authority_id)
    user = await onboard(
        client, ctx, fr.authority_id, lda.headers, details=details("Paul", "Martin")
    )
    username, user_id = user.user["username"], user.user["id"]
    for attempt in range(1, 5):
        failed = await login(
            client,
            username,
            wrong_code=attempt % 2 == 0,
            password=NEW_PASSWORD if attempt % 2 == 0 else "wrong-password",
        )
        assert failed.status_code == 401, attempt
    locked = await login(client, username, wrong_code=True)
    assert locked.status_code == 401 and locked.json()["rule"] == "DIR-091"  # told nothing more
    assert (await ctx.uow.db["users"].find_one({"_id": user_id}))["status"] == "locked_out"
    refused = await login(client, username)  # DIR-147: correct credentials refused too
    assert refused.status_code == 401 and refused.json() == locked.json()
    [event] = await outbox_events(ctx, "user.locked_out", user_id)
    assert event["payload"]["failed_attempts"] == 5
    basic = token_for(user_id=user_id, authority_id=fr.authority_id, member_state="FR")
    locked_token = await client.post(
        f"/users/{lda.user['id']}/reset", headers={"Authorization": f"Bearer {basic}"}
    )
    assert locked_token.status_code == 401  # a locked-out user's token acts no more
    itself = await client.post(f"/users/{lda.user['id']}/reset", headers=lda.headers)
    assert itself.status_code == 403  # the only LDA: the coordinator resets (DIR-095)
    reset = await client.post(f"/users/{user_id}/reset", headers=lda.headers)
    assert reset.status_code == 200, reset.text
    assert reset.json()["status"] == "active"
    assert reset.json()["credential_stage"] == "awaiting_first_login"
    temporary = await temporary_password(ctx, user_id, "user.credentials_reset")
    assert (await login(client, username)).status_code == 401  # old password gone
    assert (await first_login(client, username, temporary)).status_code == 200
    assert (await login(client, username)).status_code == 200
    colleague = await client.post(
        f"/users/{lda.user['id']}/reset", headers={"Authorization": f"Bearer {basic}"}
    )
    assert colleague.status_code == 403 and colleague.json()["rule"] == "DIR-095"
    by_coordinator = await client.post(
        f"/users/{lda.user['id']}/reset", headers=helpdesk_headers()
    )  # NIMIC: the helpdesk
    assert by_coordinator.status_code == 200


async def test_dir_140_hashes_are_argon2_and_no_secret_in_the_database(app):
    client, ctx, _ = app
    fr = await seed_nimic(ctx, "FR")
    lda = await onboard(client, ctx, fr.authority_id)
    stored = await ctx.uow.db["users"].find_one({"_id": lda.user["id"]})
    assert stored["password_hash"].startswith("$argon2id$")
    positions = json.loads(stored["security_code_digest"])["positions"]
    assert len(positions) == 12 and all(h.startswith("$argon2id$") for h in positions)
    assert len(set(positions)) == 12
    everything = dumps(await ctx.uow.db.list_collection_names()) + "".join(
        [
            dumps(await ctx.uow.db[c].find().to_list(None))
            for c in await ctx.uow.db.list_collection_names()
        ]
    )
    assert NEW_PASSWORD not in everything and CODE not in everything
