"""HTTP API of the directory: authentication (DIR §3.9). Unauthenticated endpoints.

POST /auth/challenge   {username}                          → {positions}
POST /auth/login       {username, password, code_chars}    → token
POST /auth/first-login {username, temporary_password, new_password, security_code}  → token
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from ...bootstrap import directory_context
from ...domain.users import LoginOutcome
from ...handlers import login as handlers
from ...handlers.credential_kit import CredentialKit
from ._common import Context

router = APIRouter(prefix="/auth", tags=["authentication"])


def credential_kit(request: Request) -> CredentialKit:
    return directory_context(request).kit


Kit = Annotated[CredentialKit, Depends(credential_kit)]
_Strict = ConfigDict(extra="forbid")


class ChallengeBody(BaseModel):
    model_config = _Strict

    username: str = Field(min_length=1, max_length=64)


class LoginBody(BaseModel):
    model_config = _Strict

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    code_chars: dict[int, str] = Field(
        description='positions asked → characters, e.g. {"2": "b", "7": "!", "11": "4"}'
    )


class FirstLoginBody(BaseModel):
    model_config = _Strict

    username: str = Field(min_length=1, max_length=64)
    temporary_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)
    security_code: str = Field(min_length=1, max_length=64)
    security_code_confirmation: str | None = None


_REFUSALS = {
    LoginOutcome.FAILED: (401, "DIR-091", "wrong username, password or security code"),
    LoginOutcome.DENIED: (401, "DIR-091", "wrong username, password or security code"),
    LoginOutcome.LOCKED_OUT: (
        403,
        "DIR-094",
        (
            "the account is blocked after 5 failed attempts; "
            "ask a local data administrator (or the coordinator) to reset it"
        ),
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
}


def _answer(result: handlers.LoginResult) -> dict[str, Any] | JSONResponse:
    if result.outcome is LoginOutcome.SUCCESS and result.token:
        return {
            "access_token": result.token,
            "token_type": "bearer",
            "expires_in": result.expires_in,
            "principal": result.principal.model_dump(mode="json"),
        }
    code, rule, message = _REFUSALS.get(result.outcome, _REFUSALS[LoginOutcome.FAILED])
    return JSONResponse(
        {"rule": rule, "error": message, "outcome": str(result.outcome)},
        status_code=code,
        headers={"Cache-Control": "no-store"},
    )


@router.post("/challenge")
async def challenge(body: ChallengeBody, ctx: Context, kit: Kit) -> dict[str, Any]:
    """DIR-093: the 3 positions of the security code the next login must answer."""
    positions = await handlers.challenge(ctx, kit, body.username)
    return {"positions": list(positions), "expires_in": int(kit.challenge_ttl.total_seconds())}


@router.post("/login", response_model=None)
async def login(body: LoginBody, ctx: Context, kit: Kit) -> dict[str, Any] | JSONResponse:
    """DIR-091 / DIR-093 / DIR-094 → a short-lived token (X-016, X-054)."""
    return _answer(await handlers.login(ctx, kit, body.username, body.password, body.code_chars))


@router.post("/first-login", response_model=None)
async def first_login(
    body: FirstLoginBody, ctx: Context, kit: Kit
) -> dict[str, Any] | JSONResponse:
    """DIR-092: new password and 12-character security code, then a token."""
    return _answer(
        await handlers.first_login(
            ctx,
            kit,
            body.username,
            body.temporary_password,
            body.new_password,
            body.security_code,
            body.security_code_confirmation,
        )
    )
