"""/registers: add a register, read it, transfer its management; who manages what."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, ConfigDict, Field

from imi_shared.auth import CurrentPrincipal, Principal
from imi_shared.runtime import service_context

from ...adapters.managed import ManagedRegisters
from ...adapters.register_repository import RegisterRepository
from ...context import RegistersContext
from ...domain.register import (
    Actor,
    GeographicCoverage,
    Link,
    Register,
    RegisterDetails,
    RegisterType,
    may_edit,
)
from ...handlers.registers import add_register, transfer_management

router = APIRouter(tags=["registers"])
Id = Annotated[str, Field(min_length=1, max_length=64)]
Lang = Annotated[str, Field(pattern=r"^[a-z]{2}$")]


Ctx = Annotated[RegistersContext, Depends(service_context)]


def actor_of(principal: Principal) -> Actor:
    return Actor(
        principal.user_id,
        principal.authority_id,
        principal.member_state,
        principal.local_data_admin,
    )


class LinkBody(BaseModel):
    url: str = Field(min_length=1, max_length=2000, pattern=r"^https?://")
    lang: Lang


class AddRegisterBody(BaseModel):
    """REG-006, REG-010, REG-012. The managing authority is not asked for (REG-013)."""

    model_config = ConfigDict(extra="forbid")

    official_name: str = Field(min_length=1, max_length=300)
    informal_name: str = Field(min_length=1, max_length=120)
    coverage: GeographicCoverage
    register_type: RegisterType
    owner_authority: str = Field(min_length=1, max_length=300)
    online: bool = False
    links: list[LinkBody] = Field(default_factory=list, max_length=20)
    region_code: str | None = Field(default=None, max_length=20)


class TransferBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    managing_authority_id: Id


class RegisterView(BaseModel):
    register_id: str
    version: int
    member_state: str
    official_name: str
    informal_name: str
    coverage: GeographicCoverage
    register_type: RegisterType
    owner_authority: str
    online: bool
    links: list[LinkBody]
    region_code: str | None
    managing_authority_id: str
    updated_at: datetime
    can_edit: bool = Field(description="REG-005: show edit and delete only to who may")


class ManagedRow(BaseModel):
    register_id: str
    member_state: str


def view(register: Register, version: int, actor: Actor) -> RegisterView:
    d = register.details
    return RegisterView(
        register_id=register.register_id,
        version=version,
        member_state=register.member_state,
        official_name=d.official_name,
        informal_name=d.informal_name,
        coverage=d.coverage,
        register_type=d.register_type,
        owner_authority=d.owner_authority,
        online=d.online,
        links=[LinkBody(url=link.url, lang=link.lang) for link in d.links],
        region_code=d.region_code,
        managing_authority_id=register.managing_authority_id,
        updated_at=register.updated_at,
        can_edit=may_edit(register, actor),
    )


@router.post("/registers", status_code=status.HTTP_201_CREATED)
async def post_register(
    body: AddRegisterBody, principal: CurrentPrincipal, ctx: Ctx
) -> RegisterView:
    details = RegisterDetails(
        official_name=body.official_name,
        informal_name=body.informal_name,
        coverage=body.coverage,
        register_type=body.register_type,
        owner_authority=body.owner_authority,
        online=body.online,
        links=tuple(Link(link.url, link.lang) for link in body.links),
        region_code=body.region_code,
    )
    actor = actor_of(principal)
    result = await add_register(ctx, details, actor)
    return view(result.aggregate, result.version or 1, actor)


@router.get("/registers/{register_id}")
async def get_register(register_id: Id, principal: CurrentPrincipal, ctx: Ctx) -> RegisterView:
    """REG-001: every IMI user may view every register."""

    async def read(tx):
        repo = RegisterRepository(tx)
        found = await repo.get(register_id)
        return view(found, repo.version_of(register_id) or 1, actor_of(principal))

    return (await ctx.uow.run(read)).value


@router.put("/registers/{register_id}/managing-authority")
async def put_managing_authority(
    register_id: Id, body: TransferBody, principal: CurrentPrincipal, ctx: Ctx
) -> RegisterView:
    actor = actor_of(principal)
    result = await transfer_management(ctx, register_id, body.managing_authority_id, actor)
    return view(result.aggregate, result.version or 1, actor)


@router.get("/authorities/{authority_id}/managed-registers")
async def get_managed(authority_id: Id, principal: CurrentPrincipal, ctx: Ctx) -> list[ManagedRow]:
    """The registers an authority manages (REG-026), from the read model (eventually
    consistent). REG-001: register data is open to every IMI user."""

    async def read(tx):
        return await ManagedRegisters.of(tx).of_authority(authority_id)

    return [ManagedRow.model_validate(r) for r in (await ctx.uow.run(read)).value or []]
