"""HTTP API of the directory: authorities (registration, data, status, coordinators).

Access and role routes are in `authority_access.py` (included here). Routes are thin:
principal → domain Actor, body → command, handler → view; refusals name their rule.
"""

from typing import Annotated

from fastapi import APIRouter, Header, Response, status

from imi_shared.errors import NotFound

from ...adapters.authority_repository import AuthorityRepository
from ...domain.policies import may_view
from ...handlers import authorities as handlers
from ...handlers.commands import ReassignCoordinator, RegisterAuthority, UpdateAuthorityData
from ...handlers.registrations import Validation
from ...handlers.users import CreateUser, first_user_also
from . import authority_access
from ._common import Context, CurrentActor, authority_view, etag, outcome_view, parse_if_match

router = APIRouter(tags=["authorities"])


class RegistrationRequest(RegisterAuthority):
    """DIR-040: the registration, with its first user (created in the same transaction,
    DIR-044). Without `first_user`, the first user is the first one created afterwards."""

    first_user: CreateUser | None = None


@router.post("/authorities", status_code=status.HTTP_201_CREATED)
async def register_authority(
    body: RegistrationRequest,
    ctx: Context,
    actor: CurrentActor,
    response: Response,
) -> dict:
    """DIR-040 / DIR-041 / DIR-097: registration by a coordinator DA."""
    also = None
    if body.first_user is not None:
        kit = ctx.kit
        also = await first_user_also(ctx, kit, actor, body.first_user)
    command = RegisterAuthority.model_validate(body.model_dump(exclude={"first_user"}))
    outcome = await handlers.register_authority(ctx, actor, command, also=also)
    response.headers["Location"] = f"/authorities/{outcome.authority.id}"
    return outcome_view(outcome, response)


@router.get("/authorities/{authority_id}")
async def get_authority(
    authority_id: str, ctx: Context, actor: CurrentActor, response: Response
) -> dict:
    async def load(tx):
        repository = AuthorityRepository(tx)
        authority = await repository.get(authority_id)
        return authority, repository.version_of(authority_id)

    authority, version = (await ctx.uow.run(load)).value
    if not may_view(authority, actor):  # DIR-077
        raise NotFound("DIR-077", f"no authority {authority_id!r}")
    response.headers["ETag"] = etag(version)
    return authority_view(authority, version)


@router.patch("/authorities/{authority_id}")
async def update_authority(
    authority_id: str,
    body: UpdateAuthorityData,
    ctx: Context,
    actor: CurrentActor,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> dict:
    """DIR-017 / DIR-023 / DIR-029; `If-Match` with the version refuses a stale edit."""
    outcome = await handlers.update_data(
        ctx, actor, authority_id, body, expected_version=parse_if_match(if_match)
    )
    return outcome_view(outcome, response)


@router.post("/authorities/{authority_id}/status/{action}")
async def change_status(
    authority_id: str,
    action: handlers.StatusAction,
    ctx: Context,
    actor: CurrentActor,
    response: Response,
    body: Validation | None = None,
) -> dict:
    """DIR-099..DIR-105. Validating or refusing a self-registered authority is the same as
    POST /registrations/{id}/validate|refuse (its invitation and first user follow, DIR-071,
    DIR-072, DIR-079); the optional body designates associated coordinators (DIR-078)."""
    outcome = await handlers.change_status(
        ctx, actor, authority_id, action, kit=ctx.kit, validation=body
    )
    return outcome_view(outcome, response)


@router.put("/authorities/{authority_id}/validating-coordinator")
async def reassign_validating_coordinator(
    authority_id: str,
    body: ReassignCoordinator,
    ctx: Context,
    actor: CurrentActor,
    response: Response,
) -> dict:
    """DIR-019 / DIR-020."""
    outcome = await handlers.reassign_validating_coordinator(ctx, actor, authority_id, body)
    return outcome_view(outcome, response)


router.include_router(authority_access.router)
