"""The caller's session over HTTP (X-016, X-054): GET /me and POST /auth/logout, against the
real app (Kafka + MongoDB)."""

from __future__ import annotations

from datetime import UTC, datetime

import jwt
import pytest
from support import helpdesk_headers, seed_nimic
from users_support import login, onboard, users_app

from imi_directory.adapters.revoked_tokens import COLLECTION as REVOKED


@pytest.fixture
async def app(infra, topics, db_name, clock):
    async with users_app(infra, topics, db_name, clock) as started:
        yield started


async def test_x016_x054_me_is_the_token_and_the_current_user_record(app):
    client, ctx, _ = app
    fr = await seed_nimic(ctx, "FR")
    lda = await onboard(client, ctx, fr.authority_id)
    response = await client.get("/me", headers=lda.headers)
    assert response.status_code == 200, response.text
    me = response.json()
    assert (me["user_id"], me["authority_id"], me["member_state"]) == (
        lda.user["id"],
        fr.authority_id,
        "FR",
    )
    assert me["username"] == lda.user["username"] and me["status"] == "active"
    assert me["roles"] and me["token"]["local_data_admin"] is True
    claims = jwt.decode(lda.token, options={"verify_signature": False})
    assert datetime.fromisoformat(me["token"]["expires_at"]) == datetime.fromtimestamp(
        claims["exp"], UTC
    )


async def test_x_002_me_of_a_token_without_a_user_record_is_not_found(app):
    client, _, _ = app
    response = await client.get("/me", headers=helpdesk_headers("u-nobody"))
    assert (response.status_code, response.json()["rule"]) == (404, "X-002")


async def test_x016_logout_revokes_the_token_on_every_later_call(app):
    client, ctx, _ = app
    fr = await seed_nimic(ctx, "FR")
    lda = await onboard(client, ctx, fr.authority_id)
    users = f"/authorities/{fr.authority_id}/users"
    assert (await client.get(users, headers=lda.headers)).status_code == 200
    assert (await client.post("/auth/logout", headers=lda.headers)).status_code == 204
    for method, path in (("GET", "/me"), ("GET", users), ("GET", "/search/authorities")):
        refused = await client.request(method, path, headers=lda.headers)
        assert refused.status_code == 401, (path, refused.text)
        assert refused.json()["rule"] == "X-016"
    claims = jwt.decode(lda.token, options={"verify_signature": False})
    [revoked] = await ctx.uow.db[REVOKED].find({}).to_list(None)
    assert (revoked["_id"], revoked["user_id"]) == (claims["jti"], lda.user["id"])
    # a new login gives a new token, which works
    fresh = (await login(client, lda.user["username"])).json()["access_token"]
    again = await client.get("/me", headers={"Authorization": f"Bearer {fresh}"})
    assert again.status_code == 200


async def test_x016_me_and_logout_need_a_token(app):
    client, _, _ = app
    for method, path in (("GET", "/me"), ("POST", "/auth/logout")):
        response = await client.request(method, path)
        assert (response.status_code, response.json()["rule"]) == (401, "X-016")


async def test_revoked_tokens_expire_with_the_token():
    """The TTL index sweeps a revocation once the token would have expired anyway."""
    from imi_directory.adapters import indexes, revoked_tokens

    [ttl] = revoked_tokens.INDEXES
    assert ttl.document["expireAfterSeconds"] == 0 and revoked_tokens in indexes.INDEXED
