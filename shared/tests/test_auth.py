"""Short-lived tokens signed by the directory and checked by every service (X-016, X-054)."""

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Annotated

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from fastapi import Depends, FastAPI

from imi_shared.auth import (
    CurrentPrincipal,
    DevKeyRefused,
    InvalidToken,
    Principal,
    TokenIssuer,
    TokenVerifier,
    load_private_key,
    load_public_key,
    require_right,
)
from imi_shared.errors import install_rule_errors

ISSUER = "imi-directory"
PRIVATE = load_private_key("", "local")
PUBLIC = load_public_key("", "local")

ALICE = Principal(
    user_id="u-1",
    username="alice",
    authority_id="a-fr-1",
    member_state="fr",
    authority_roles={"services": ("limic",)},
    user_rights={
        "services/alerts": ("alert_handler", "alert_forwarder"),
        "services/requests": ("request_viewer",),
    },
    local_data_admin=True,
)


@pytest.fixture
def issuer() -> TokenIssuer:
    return TokenIssuer(PRIVATE, ISSUER)


@pytest.fixture
def verifier() -> TokenVerifier:
    return TokenVerifier(PUBLIC, ISSUER)


def _other_private_pem() -> str:
    key = Ed25519PrivateKey.generate()
    return key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()


def test_principal_helpers():
    assert ALICE.member_state == "FR" and not ALICE.is_commission
    assert ALICE.has_right("services", "alerts", "alert_forwarder")
    assert not ALICE.has_right("services", "requests", "request_handler")
    assert not ALICE.has_right("pq", "alerts", "alert_forwarder")
    assert ALICE.has_admin_role("services", "limic")
    assert ALICE.model_copy(update={"member_state": "EU"}).is_commission


def test_round_trip(issuer, verifier):
    token = issuer.issue(ALICE)
    assert verifier.verify(token) == ALICE
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["sub"] == "u-1" and claims["iss"] == ISSUER and claims["jti"]
    assert claims["exp"] - claims["iat"] == 15 * 60


def test_expired_token_refused(issuer, verifier):
    token = issuer.issue(ALICE, now=datetime.now(UTC) - timedelta(minutes=16))
    with pytest.raises(InvalidToken, match="expired"):
        verifier.verify(token)


def test_token_of_another_key_refused(verifier):
    token = TokenIssuer(_other_private_pem(), ISSUER).issue(ALICE)
    with pytest.raises(InvalidToken, match="signature"):
        verifier.verify(token)


def test_wrong_issuer_refused(verifier):
    token = TokenIssuer(PRIVATE, "someone-else").issue(ALICE)
    with pytest.raises(InvalidToken, match="issued"):
        verifier.verify(token)


def test_tampered_payload_refused(issuer, verifier):
    header, payload, signature = issuer.issue(ALICE).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["principal"]["member_state"] = "EU"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(InvalidToken, match="signature"):
        verifier.verify(f"{header}.{forged}.{signature}")


def test_other_algorithms_refused(verifier):
    claims = {"iss": ISSUER, "sub": "u-1", "principal": ALICE.model_dump(mode="json")}
    for token in (
        jwt.encode(claims, "a-shared-secret-of-32-bytes-long", algorithm="HS256"),
        jwt.encode(claims, None, algorithm="none"),
    ):
        with pytest.raises(InvalidToken, match="algorithm"):
            verifier.verify(token)
    with pytest.raises(InvalidToken, match="malformed"):
        verifier.verify("not-a-token")


def _signed(claims: dict) -> str:
    """A token signed with the real key but with claims the issuer would never write."""
    now = datetime.now(UTC)
    base = {"iss": ISSUER, "sub": "u-1", "iat": now, "exp": now + timedelta(minutes=5), "jti": "j"}
    key = load_pem_private_key(PRIVATE.encode(), None)
    return jwt.encode(base | claims, key, algorithm="EdDSA")


def test_malformed_claims_refused(verifier):
    principal = ALICE.model_dump(mode="json")
    with pytest.raises(InvalidToken, match="'principal' claim"):
        verifier.verify(_signed({}))
    with pytest.raises(InvalidToken, match="malformed principal"):
        verifier.verify(_signed({"principal": principal | {"member_state": "XX"}}))
    with pytest.raises(InvalidToken, match="malformed principal"):
        verifier.verify(_signed({"principal": principal | {"user_rights": {"s/a": ["root"]}}}))
    with pytest.raises(InvalidToken, match="subject"):
        verifier.verify(_signed({"principal": principal | {"user_id": "u-2"}}))


def test_bundled_dev_key_refused_in_production(tmp_path):
    with pytest.raises(DevKeyRefused, match="production"):
        load_public_key("", "production")
    with pytest.raises(DevKeyRefused):
        load_private_key("", "production")
    copied = tmp_path / "copied.pem"
    copied.write_text(PUBLIC)
    with pytest.raises(DevKeyRefused):
        load_public_key(str(copied), "production")
    own = tmp_path / "own.pem"
    own.write_text(_other_private_pem())
    assert load_private_key(str(own), "production") == own.read_text()


def _app(verifier: TokenVerifier) -> FastAPI:
    app = FastAPI()
    app.state.token_verifier = verifier
    install_rule_errors(app)  # as create_service_app does

    @app.get("/me")
    async def me(principal: CurrentPrincipal) -> dict:
        return {"member_state": principal.member_state}

    @app.post("/alerts/broadcast")
    async def broadcast(
        principal: Annotated[
            Principal, Depends(require_right("services", "alerts", "alert_forwarder", "ALR-016"))
        ],
    ) -> dict:
        return {"by": principal.username}

    @app.post("/requests")
    async def create_request(
        principal: Annotated[
            Principal, Depends(require_right("services", "requests", "request_handler", "REQ-007"))
        ],
    ) -> dict:
        return {}

    return app


async def test_x_016_fastapi_dependency_refuses_in_the_one_error_body(issuer, verifier):
    transport = httpx.ASGITransport(app=_app(verifier))
    async with httpx.AsyncClient(transport=transport, base_url="http://imi") as client:
        missing = await client.get("/me")
        assert missing.status_code == 401
        assert missing.headers["www-authenticate"] == "Bearer"
        assert missing.json() == {
            "rule": "X-016",
            "error": "a bearer token is required",
            "field": None,
        }

        bad = await client.get("/me", headers={"Authorization": "Bearer nonsense"})
        assert bad.status_code == 401
        assert bad.headers["www-authenticate"].startswith("Bearer")
        assert (bad.json()["rule"], bad.json()["field"]) == ("X-016", None)
        assert "malformed" in bad.json()["error"]

        auth = {"Authorization": f"Bearer {issuer.issue(ALICE)}"}
        ok = await client.get("/me", headers=auth)
        assert ok.status_code == 200 and ok.json() == {"member_state": "FR"}

        allowed = await client.post("/alerts/broadcast", headers=auth)
        assert allowed.status_code == 200 and allowed.json() == {"by": "alice"}

        forbidden = await client.post("/requests", headers=auth)
        assert forbidden.status_code == 403
        assert set(forbidden.json()) == {"rule", "error", "field"}
        assert (forbidden.json()["rule"], forbidden.json()["field"]) == ("REQ-007", None)
        assert "request_handler" in forbidden.json()["error"]

        no_token = await client.post("/requests")
        assert no_token.status_code == 401


def test_x_016_authenticated_routes_declare_their_401_in_openapi(verifier):
    from fastapi import APIRouter

    from imi_shared.openapi_errors import declare_error_responses

    app, router = FastAPI(), APIRouter()

    @router.get("/open")
    async def open_route() -> dict:
        return {}

    @router.get("/mine")
    async def mine(principal: CurrentPrincipal) -> dict:
        return {}

    @router.get("/guarded")
    async def guarded(
        principal: Annotated[
            Principal, Depends(require_right("services", "requests", "allocator", "REQ-007"))
        ],
    ) -> dict:
        return {}

    declare_error_responses(router)  # as create_service_app does, before including it
    app.include_router(router)
    paths = app.openapi()["paths"]
    for path in ("/mine", "/guarded"):
        declared = paths[path]["get"]["responses"]["401"]
        assert declared["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
        assert "403" in paths[path]["get"]["responses"]
    # issue 9 #12: the open route cannot answer 401 and does not declare it
    assert "401" not in paths["/open"]["get"]["responses"]
    assert "X-016" in paths["/mine"]["get"]["responses"]["401"]["description"]
    assert "ErrorBody" in app.openapi()["components"]["schemas"]


def test_issue_9_dev_key_only_in_local_compared_as_key_bytes(tmp_path):
    """X-007/X-016: `training` and any non-local environment refuse the bundled key, even
    re-encoded with a comment line (the old check compared PEM text)."""
    for environment in ("training", "production"):
        with pytest.raises(DevKeyRefused):
            load_public_key("", environment)
    disguised = tmp_path / "disguised.pem"
    disguised.write_text("# my own key, honest\n" + PUBLIC)
    with pytest.raises(DevKeyRefused):
        load_public_key(str(disguised), "training")
    assert load_public_key("", "local") == PUBLIC


def test_issue_9_unknown_environments_are_refused_at_start():
    from pydantic import ValidationError

    from imi_shared.settings import ServiceSettings

    for bad in ("Production", "prod", ""):
        with pytest.raises(ValidationError):
            ServiceSettings(environment=bad)
    assert ServiceSettings(environment="training").environment == "training"


def test_issue_9_a_token_living_longer_than_the_maximum_is_refused():
    long_lived = TokenIssuer(PRIVATE, "imi-directory", ttl=timedelta(days=3650))
    verifier = TokenVerifier(PUBLIC, "imi-directory", max_lifetime=timedelta(hours=1))
    with pytest.raises(InvalidToken, match="lifetime"):
        verifier.verify(long_lived.issue(ALICE))
    short = TokenIssuer(PRIVATE, "imi-directory", ttl=timedelta(minutes=15))
    assert verifier.verify(short.issue(ALICE)).user_id == "u-1"
