"""HTTP API of the directory: users (DIR §3.8) and, through `login.router`, authentication
(DIR §3.9). Thin: input → command → handler; domain refusals become 4xx naming the rule."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Response, status
from pydantic import BaseModel, ConfigDict

from ...domain.user_roles import RoleAssignment
from ...domain.users import User
from ...handlers import users as handlers
from . import login
from ._common import Context, CurrentActor, etag
from .login import Kit

router = APIRouter(tags=["users"])
router.include_router(login.router)


class RolesBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    roles: tuple[RoleAssignment, ...]


def user_view(user: User, version: int | None = None) -> dict[str, Any]:
    """What managers see. Never a hash or a password; a removed user's contact data is
    locked (RET-004, RET-012) and not shown."""
    view: dict[str, Any] = {
        "id": user.id,
        "authority_id": user.authority_id,
        "member_state": user.member_state,
        "status": user.status,
        "status_changed_at": user.status_changed_at,
    }
    if version is not None:
        view["version"] = version
    if user.is_removed:
        return view
    view.update(
        username=user.username,
        first_name=user.first_name,
        last_name=user.last_name,
        main_language=user.main_language,
        email=user.email,
        phone=user.phone,
        roles=[r.model_dump(mode="json") for r in user.roles],
        credential_stage=user.credential_stage,
        awaiting_validation=user.awaiting_validation,
        created_at=user.created_at,
    )
    return view


def _result(result: handlers.UserResult, response: Response) -> dict[str, Any]:
    response.headers["ETag"] = etag(result.version)
    view = user_view(result.user, result.version)
    if result.warnings:
        view["warnings"] = list(result.warnings)
    return view


def _version(if_match: str | None) -> int | None:
    if if_match is None:
        return None
    try:
        return int(if_match.strip().removeprefix("W/").strip('"'))
    except ValueError:
        return -1  # never matches: 409 naming the stale user


@router.post("/authorities/{authority_id}/users", status_code=status.HTTP_201_CREATED)
async def create_user(
    authority_id: str,
    body: handlers.CreateUser,
    actor: CurrentActor,
    ctx: Context,
    kit: Kit,
    response: Response,
) -> dict[str, Any]:
    """DIR-081..DIR-083 (DIR-044 for the first user). The response shows the proposed
    username, to be passed on outside the system (DIR-082); never the password (X-017)."""
    result = await handlers.create_user(ctx, kit, actor, authority_id, body)
    return _result(result, response)


@router.get("/authorities/{authority_id}/users")
async def list_users(authority_id: str, actor: CurrentActor, ctx: Context) -> dict[str, Any]:
    """For the authority's LDAs and coordinators; DIR-089 warns under 2 users."""
    listed = await handlers.list_users(ctx, actor, authority_id)
    body: dict[str, Any] = {"users": [user_view(u) for u in listed.users]}
    if listed.warnings:
        body["warnings"] = list(listed.warnings)
    return body


@router.patch("/users/{user_id}/roles")
async def change_roles(
    user_id: str,
    body: RolesBody,
    actor: CurrentActor,
    ctx: Context,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """DIR-084..DIR-088; `If-Match: "<version>"` refuses a stale edit (409)."""
    result = await handlers.change_roles(ctx, actor, user_id, body.roles, _version(if_match))
    return _result(result, response)


@router.post("/users/{user_id}/reset")
async def reset_credentials(
    user_id: str, actor: CurrentActor, ctx: Context, kit: Kit, response: Response
) -> dict[str, Any]:
    """DIR-095: the user gets N_DIR_PASSWORD_RESET with a new temporary password."""
    result = await handlers.reset_credentials(ctx, kit, actor, user_id)
    return _result(result, response)


@router.delete("/users/{user_id}")
async def remove_user(
    user_id: str, actor: CurrentActor, ctx: Context, response: Response
) -> dict[str, Any]:
    """DIR-090: deactivation; retention locks the user's personal data."""
    result = await handlers.remove_user(ctx, actor, user_id)
    return _result(result, response)
