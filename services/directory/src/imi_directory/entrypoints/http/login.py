"""HTTP API of the directory: authentication (DIR §3.9). Unauthenticated endpoints.

POST /auth/challenge   {username}                                   → {challenge_id, positions}
POST /auth/login       {username, password, code_chars, challenge_id} → token
POST /auth/first-login {username, temporary_password, new_password, security_code}  → token

Every refusal of a login (unknown, removed or locked user, wrong password or code) gets the
same answer: 401 `{"rule": "DIR-091", ...}` (issue 9 item 4). A client or username that tries
too often gets 429 with `Retry-After` (issue 9 item 3).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from imi_shared.openapi_errors import error_responses

from ...bootstrap import directory_context
from ...domain.users import LoginOutcome
from ...handlers import login as handlers
from ...handlers.credential_kit import CredentialKit
from ...handlers.login_throttle import Throttled
from ._common import Context
from .client_address import client_address

router = APIRouter(prefix="/auth", tags=["authentication"])


def credential_kit(request: Request) -> CredentialKit:
    return directory_context(request).kit


def client_of(request: Request) -> str:
    return client_address(request, directory_context(request).settings)


Kit = Annotated[CredentialKit, Depends(credential_kit)]
Client = Annotated[str, Depends(client_of)]
_Strict = ConfigDict(extra="forbid")


class ChallengeBody(BaseModel):
    model_config = _Strict

    username: str = Field(min_length=1, max_length=64)


class LoginBody(BaseModel):
    model_config = _Strict

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    code_chars: dict[int, str] = Field(
        max_length=12,
        description='positions asked → characters, e.g. {"2": "b", "7": "!", "11": "4"}',
    )
    challenge_id: str = Field(
        min_length=1, max_length=128, description="the challenge_id of POST /auth/challenge"
    )


class FirstLoginBody(BaseModel):
    model_config = _Strict

    username: str = Field(min_length=1, max_length=64)
    temporary_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)
    security_code: str = Field(min_length=1, max_length=64)
    security_code_confirmation: str | None = Field(default=None, max_length=64)


# issue 9 #12: what these open routes answer besides what the kernel derives (body, 409)
THROTTLED = error_responses(429)  # DIR-094 throttling, with Retry-After
REFUSED = error_responses(401, 429)  # DIR-091 / DIR-093: the one answer to a failed login
_NO_STORE = {"Cache-Control": "no-store"}
_FAILED = (401, "DIR-091", "wrong username, password or security code")
_REFUSALS = {
    LoginOutcome.UNKNOWN_CHALLENGE: (
        401,
        "DIR-093",
        "no valid challenge (unknown, expired, superseded or used): ask for a new one",
    ),
    LoginOutcome.MUST_CHANGE_PASSWORD: (
        409,
        "DIR-092",
        ("first login: choose a new password and create a security code (POST /auth/first-login)"),
    ),
    LoginOutcome.MUST_CREATE_SECURITY_CODE: (
        409,
        "DIR-092",
        ("create a security code (POST /auth/first-login)"),
    ),
}  # FAILED, DENIED and LOCKED_OUT (DIR-094) all get _FAILED: nothing tells them apart


def _answer(result: handlers.LoginResult) -> dict[str, Any] | JSONResponse:
    if result.outcome is LoginOutcome.SUCCESS and result.token and result.principal:
        return {
            "access_token": result.token,
            "token_type": "bearer",
            "expires_in": result.expires_in,
            "principal": result.principal.model_dump(mode="json"),
        }
    code, rule, message = _REFUSALS.get(result.outcome, _FAILED)
    return JSONResponse({"rule": rule, "error": message}, status_code=code, headers=_NO_STORE)


def _throttled(exc: Throttled) -> JSONResponse:
    """429 in the kernel's error body, with Retry-After (issue 9 item 3)."""
    return JSONResponse(
        {"rule": "DIR-094", "error": f"too many attempts: try again in {exc.retry_after} s"},
        status_code=429,
        headers={**_NO_STORE, "Retry-After": str(exc.retry_after)},
    )


@router.post("/challenge", response_model=None, responses=THROTTLED)
async def challenge(
    body: ChallengeBody, ctx: Context, kit: Kit, client: Client
) -> dict[str, Any] | JSONResponse:
    """DIR-093: the 3 positions of the security code the next login must answer, and the
    challenge id that login presents (bound to this client)."""
    try:
        challenge_id, positions = await handlers.challenge(ctx, kit, body.username, client)
    except Throttled as exc:
        return _throttled(exc)
    return {
        "challenge_id": challenge_id,
        "positions": list(positions),
        "expires_in": int(kit.challenge_ttl.total_seconds()),
    }


@router.post("/login", response_model=None, responses=REFUSED)
async def login(
    body: LoginBody, ctx: Context, kit: Kit, client: Client
) -> dict[str, Any] | JSONResponse:
    """DIR-091 / DIR-093 / DIR-094 → a short-lived token (X-016, X-054)."""
    try:
        result = await handlers.login(
            ctx, kit, body.username, body.password, body.code_chars, body.challenge_id, client
        )
    except Throttled as exc:
        return _throttled(exc)
    return _answer(result)


@router.post("/first-login", response_model=None, responses=REFUSED)
async def first_login(
    body: FirstLoginBody, ctx: Context, kit: Kit, client: Client
) -> dict[str, Any] | JSONResponse:
    """DIR-092: new password and 12-character security code, then a token."""
    try:
        result = await handlers.first_login(
            ctx,
            kit,
            body.username,
            body.temporary_password,
            body.new_password,
            body.security_code,
            body.security_code_confirmation,
            client,
        )
    except Throttled as exc:
        return _throttled(exc)
    return _answer(result)
